import Foundation
import Testing

/// Starts a program of this build under `mpiexec -n ranks` and collects what it printed: how every Distributed
/// test runs code on several ranks (a test process cannot become two MPI ranks itself).
struct MPIJob {
    var status: Int32
    var output: String
    var errors: String
    var seconds: Double

    /// The folder of this build's executables: the test bundle sits beside them (.build/debug).
    static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// Whether MPICH's mpiexec is on PATH (the test target cannot run without it; `make deps` installs it).
    static var mpiexec: String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/mpiexec"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `program` (an executable of this build) with `arguments` on `ranks` ranks and waits for it.
    /// `onLine` sees each line of standard output as it arrives (to act while the job runs).
    static func run(_ program: String, _ arguments: [String], ranks: Int,
                    onLine: @escaping @Sendable (String) -> Void = { _ in }) throws -> MPIJob {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpiexec ?? "/usr/bin/mpiexec")
        process.arguments = ["-n", "\(ranks)", productsDirectory.appendingPathComponent(program).path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let collected = LineCollector(onLine: onLine)
        output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        let start = Date()
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        collected.append(output.fileHandleForReading.readDataToEndOfFile())
        return MPIJob(status: process.terminationStatus, output: collected.text,
                      errors: String(decoding: errorData, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }

    /// The lines rank `rank` printed, without the "rank R " prefix.
    func lines(ofRank rank: Int) -> [String] {
        output.split(separator: "\n").compactMap { line in
            line.hasPrefix("rank \(rank) ") ? String(line.dropFirst("rank \(rank) ".count)) : nil
        }
    }

    /// The number a rank reported as "value NAME: x".
    func value(_ name: String, rank: Int) -> Double? {
        lines(ofRank: rank).first { $0.hasPrefix("value \(name): ") }
            .flatMap { Double($0.dropFirst("value \(name): ".count)) }
    }

    /// The values a rank reported under NAME, in order ("value NAME: x" lines).
    func values(_ name: String, rank: Int) -> [Double] {
        lines(ofRank: rank).filter { $0.hasPrefix("value \(name): ") }
            .compactMap { Double($0.dropFirst("value \(name): ".count)) }
    }
}

/// Standard output gathered from the pipe's handler thread, split into lines for `onLine` as they complete.
private final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var pending = ""
    private let onLine: @Sendable (String) -> Void
    init(onLine: @escaping @Sendable (String) -> Void) { self.onLine = onLine }

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        pending += String(decoding: chunk, as: UTF8.self)
        var complete: [String] = []
        while let newline = pending.firstIndex(of: "\n") {
            complete.append(String(pending[..<newline]))
            pending = String(pending[pending.index(after: newline)...])
        }
        lock.unlock()
        for line in complete { onLine(line) }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Every suite that starts MPI jobs, one job at a time: a waiting MPICH rank spins on its core, so two jobs at
/// once on 2 cores would slow each other several times over.
@Suite("MPI jobs", .serialized, .enabled(if: MPIJob.mpiexec != nil, "needs MPICH's mpiexec (make deps)"))
struct MPIJobs {}
