import Foundation

/// The JSON file of results a step's `--train` writes and its read-back reads (e.g. runs/results.json): pretty,
/// sorted keys (a re-run diffs line by line), written atomically (an interrupted write leaves the last one).
enum ResultsFile {
    static func write(_ value: some Encodable, named name: String, in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try encoder.encode(value).write(to: folder.appendingPathComponent(name), options: .atomic)
    }

    /// The value in `folder`/`name`, or nil when there is no such file.
    static func read<Value: Decodable>(_ type: Value.Type, named name: String, from folder: URL) throws -> Value? {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }
}
