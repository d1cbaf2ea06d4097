import Foundation

/// The runs a `--train` finished so far (results.partial.json in the runs folder): written after every run, read
/// back by the next `--train` of the same budget, removed when results.json is written.
struct PartialResults {
    let folder: URL
    var url: URL { folder.appendingPathComponent(DataSizeStep.partialFileName) }

    func read() throws -> DataSizeResults? { try DataSizeResults.read(from: folder, named: DataSizeStep.partialFileName) }

    func write(_ results: DataSizeResults) throws { try results.write(to: folder, named: DataSizeStep.partialFileName) }

    func remove() throws {
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
    }
}
