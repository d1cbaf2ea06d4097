import Foundation
@testable import Datasets

/// A fresh directory under the system's temporary directory, removed after `body` returns.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("DatasetsTests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Writes `bytes` to `path`.
func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

extension DatasetError {
    /// The path and reason of a `.corruptFile`, nil for every other case.
    var corruption: (path: String, reason: String)? {
        if case let .corruptFile(path, reason) = self { (path, reason) } else { nil }
    }
}
