import Foundation

/// A step's recorded results as one JSON file beside its run.json (e.g. Plots/4.3-fine-tuning/runs/results.json),
/// written with sorted keys so that two recordings differ only where their numbers do, and read back by the step.
public protocol ResultsFile: Codable {
    static var fileName: String { get }
}

extension JSONEncoder {
    /// The encoder of every committed record: indented, sorted keys, paths with plain slashes.
    static var records: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension ResultsFile {
    /// Writes the results into `folder` as `name` (the type's own file name by default), atomically.
    public func write(to folder: URL, named name: String = Self.fileName) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONEncoder.records.encode(self).write(to: folder.appendingPathComponent(name), options: .atomic)
    }

    /// The results in `folder` (file `name`, the type's own by default), or nil when there are none.
    public static func read(from folder: URL, named name: String = Self.fileName) throws -> Self? {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
    }
}
