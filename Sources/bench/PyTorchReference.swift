import Foundation
import Glibc

/// PyTorch's figures for one thread count, from a line of `pytorch_reference.py`.
struct PyTorchResult {
    var imagesPerSecond: Double
    var peakResidentMiB: Double
    var version: String
}

enum PyTorchReference {
    /// The script sits beside this file in the source tree.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("pytorch_reference.py").path

    /// The interpreter: $PYTHON, else python3.
    static var python: String { ProcessInfo.processInfo.environment["PYTHON"] ?? "python3" }

    /// True when the interpreter can import torch.
    static func isAvailable() -> Bool {
        (try? run(arguments: ["-c", "import torch"]))?.status == 0
    }

    /// Runs the script for one model and thread count; nil (with the reason on stderr) if it fails.
    static func measure(model: BenchModel, threads: Int, steps: Int, repeats: Int) -> PyTorchResult? {
        guard let result = try? run(arguments: [script, "--model", model.rawValue, "--threads", String(threads),
                                                "--steps", String(steps), "--repeats", String(repeats)]
                                                + (timingClock == CLOCK_MONOTONIC ? [] : ["--cpu-clock"])),
              result.status == 0,
              let line = result.output.split(separator: "\n").first(where: { $0.hasPrefix("PYTORCH ") }) else {
            FileHandle.standardError.write(Data("bench: \(script) failed for \(model.rawValue), \(threads) thread(s)\n".utf8))
            return nil
        }
        var fields: [String: String] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let speed = fields["images_per_second"].flatMap(Double.init),
              let rss = fields["peak_rss_mib"].flatMap(Double.init) else { return nil }
        return PyTorchResult(imagesPerSecond: speed, peakResidentMiB: rss, version: fields["torch"] ?? "?")
    }

    /// Runs the interpreter with `arguments`; its exit status and stdout (stderr is dropped).
    static func run(arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
