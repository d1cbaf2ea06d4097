import Foundation

/// Runs `executable` with `arguments` and returns its exit status and standard output (standard error is
/// discarded), or nil when it cannot start. `environment` replaces the child's environment when given.
func runSubprocess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil)
    -> (status: Int32, text: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
