import Foundation

/// The runs a `--train` finished so far (results.partial.json in the runs folder): written after every run, read
/// back by the next `--train` of the same budget, removed when results.json is written.
struct PartialResults {
    let url: URL
    init(folder: URL) { url = folder.appendingPathComponent(DataSizeStep.partialFileName) }

    func read() throws -> DataSizeResults? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(DataSizeResults.self, from: Data(contentsOf: url))
    }

    func write(_ results: DataSizeResults) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder.records.encode(results).write(to: url, options: .atomic)
    }

    func remove() throws {
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
    }
}
