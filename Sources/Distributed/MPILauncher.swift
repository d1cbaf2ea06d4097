import Foundation

/// Starts this program on several ranks through MPICH's `mpiexec`, for `workbook data-parallel --ranks N`: the
/// same as typing `mpiexec -n N workbook data-parallel …`, except that a missing mpiexec is one line naming the
/// package, and mpiexec's banner about a rank that died becomes one line.
public enum MPILauncher {
    /// The mpiexec on PATH, if any.
    public static var mpiexec: String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/mpiexec"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    public static let missingMessage = "mpiexec not found: install MPICH (Debian: apt-get install mpich "
        + "libmpich-dev, or `make deps`), then run again"

    /// True when this process was started by mpiexec (MPICH's Hydra sets PMI_RANK).
    public static var isUnderMPIExec: Bool { ProcessInfo.processInfo.environment["PMI_RANK"] != nil }

    /// Runs `mpiexec -n ranks <this executable> arguments`, standard output passed through, standard error passed
    /// through except mpiexec's banner, which becomes one line. Returns the exit status.
    public static func run(ranks: Int, arguments: [String]) throws -> Int32 {
        guard let mpiexec else { throw DistributedError(missingMessage) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpiexec)
        process.arguments = ["-n", "\(ranks)", URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path]
            + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let banner = MPIExecOutput.condensed(text)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !MPIExecOutput.isBannerLine($0) }.joined(separator: "\n")
        FileHandle.standardError.write(Data(kept.utf8))
        if let banner { FileHandle.standardError.write(Data("workbook: \(banner)\n".utf8)) }
        return process.terminationStatus
    }
}

/// What MPICH's mpiexec (Hydra) prints when a rank ends badly, read: a 12-line banner ("BAD TERMINATION … PID 8300
/// RUNNING AT vm … EXIT CODE: 9 … Killed (signal 9)"), after which it has killed every other rank.
///
/// The banner's PID is the first process, in rank order, that Hydra saw end abnormally — often a rank it killed
/// itself while cleaning up, not the one that failed. Killing rank 1 of two `sleep`ing ranks, the banner named
/// another process than the killed one (the pid just below it, launched first) in 12 of 15 tries (MPICH 4.0.2). So the line says what ended the job and quotes the PID as mpiexec's report.
public enum MPIExecOutput {
    /// One line for mpiexec's banner in `text`, or nil when there is none: "a rank ended badly (Killed (signal 9))
    /// and mpiexec stopped the job; its report names pid 8300 on vm, the first rank it saw end".
    public static func condensed(_ text: String) -> String? {
        guard text.contains("BAD TERMINATION") else { return nil }
        func after(_ marker: String) -> String? {
            text.split(separator: "\n").first { $0.contains(marker) }.map {
                String($0[$0.range(of: marker)!.upperBound...]).trimmingCharacters(in: .whitespaces)
            }
        }
        let named = after("PID ").map {
            "; its report names pid " + $0.replacingOccurrences(of: " RUNNING AT ", with: " on ") + ", the first rank it saw end"
        } ?? ""
        let how = after("EXIT STRING: ") ?? after("EXIT CODE: ").map { "exit code \($0)" } ?? "unknown cause"
        return "a rank ended badly (\(how)) and mpiexec stopped the job" + named
    }

    /// A line of that banner (or of its "typically refers to" advice).
    static func isBannerLine(_ line: Substring) -> Bool {
        line.hasPrefix("=") || line.contains("YOUR APPLICATION TERMINATED") || line.contains("This typically refers")
            || line.contains("Please see the FAQ page")
    }
}
