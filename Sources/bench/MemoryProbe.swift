import AllocationTracing
import Foundation

/// One model's peak memory on our side, measured as PyTorch's is: in a process of its own (the bench re-runs
/// itself with `--memory-probe MODEL`), after its model was built and trained for a few steps.
enum MemoryProbe {
    static let flag = "--memory-probe"

    /// In the child: 10 steps, then the peak resident set on stdout; exits.
    static func runChild(model: BenchModel) -> Never {
        let step = TrainingStep(model)
        for _ in 0..<10 { _ = try? step.run() }
        print("PEAK_RSS_MIB \(bench.peakResidentMiB())")
        exit(0)
    }

    /// In the parent: the child's figure, or nil when it could not run.
    static func peakResidentMiB(of model: BenchModel) -> Double? {
        let process = Process()
        process.executableURL = AllocationTrace.currentExecutable
        process.arguments = [flag, model.rawValue]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return output.split(separator: "\n").first { $0.hasPrefix("PEAK_RSS_MIB ") }
            .flatMap { Double($0.dropFirst("PEAK_RSS_MIB ".count)) }
    }
}
