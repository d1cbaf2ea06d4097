import Foundation
import Datasets
import DeepLearning

/// `workbook` of this build started as a real process (the test bundle sits beside the executable in .build/debug),
/// with what it printed: how the tests send it real signals and read its exit status.
final class WorkbookProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var printed = ""
    private var errorsPrinted = ""

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("workbook")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [unowned self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            lock.withLock { printed += text }
        }
        errors.fileHandleForReading.readabilityHandler = { [unowned self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            lock.withLock { errorsPrinted += text }
        }
        try process.run()
    }

    var output: String { lock.withLock { printed } }
    var errors: String { lock.withLock { errorsPrinted } }

    /// Waits until standard error has `text` (true), or the process ended or `seconds` passed. Standard error, where
    /// the progress bar goes, because it is unbuffered: standard output into a pipe arrives in blocks.
    func waitForErrors(containing text: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if errors.contains(text) { return true }
            if !process.isRunning { return errors.contains(text) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// Waits for the end and returns the exit status (128 + the signal when a signal ended it).
    func wait() -> Int32 {
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.05)   // the pipes' last chunks
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Runs `workbook arguments` to its end.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = try WorkbookProcess(arguments)
        let status = process.wait()
        return (status, process.output, process.errors)
    }

    /// A tiny ImageFolder data set in a new temporary folder (train/ and test/, two classes of 8×8 gray images whose
    /// brightness tells the class apart, from a fixed generator), and its root.
    static func tinyImageFolders() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-process-\(UUID().uuidString)")
        var generator = RandomGenerator(seed: 5)
        func images(_ count: Int) -> LabeledImages {
            let labels = (0..<count).map { $0 % 2 }
            let pixels = labels.flatMap { label in
                (0..<64).map { _ in UInt8(min(255, 60 + 100 * label + Int(generator.nextInt(below: 90)))) }
            }
            return LabeledImages(width: 8, height: 8, channels: 1, pixels: pixels, labels: labels, classNames: ["dark", "light"])
        }
        try exportImageFolder([("train", images(72)), ("test", images(16))], to: root.path)
        return root
    }
}
