import Foundation

/// Where and with what a run happened: the git commit of the workbook, the Swift toolchain, the machine.
public struct RunEnvironment: Codable, Sendable {
    /// `git rev-parse HEAD`, with "-dirty" when tracked files outside Plots/ differ from it; nil outside git.
    public var gitCommit: String?
    /// The first line of `swift --version` (the toolchain on PATH); nil when swift is not on PATH.
    public var swiftVersion: String?
    /// The "model name" line of /proc/cpuinfo.
    public var cpuModel: String
    public var logicalCores: Int
    public var operatingSystem: String

    /// Looks everything up now (runs `git` and `swift --version`).
    public static func current() -> RunEnvironment {
        let commit = commandOutput("git", ["rev-parse", "HEAD"])
        // Plots/ is excluded: the chapters themselves rewrite the committed charts and records there.
        let dirty = commandOutput("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)Plots"])
            .map { !$0.isEmpty } ?? false
        let model = cpuInfoField("model name") ?? "unknown"
        return RunEnvironment(
            gitCommit: commit.map { dirty ? $0 + "-dirty" : $0 },
            swiftVersion: commandOutput("swift", ["--version"])?.split(separator: "\n").first.map(String.init),
            cpuModel: model,
            logicalCores: ProcessInfo.processInfo.activeProcessorCount,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString)
    }

    /// The value of the first `name` line of /proc/cpuinfo ("model name", "flags"), trimmed; nil without one.
    public static func cpuInfoField(_ name: String) -> String? {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return cpuInfo.split(separator: "\n").first { $0.hasPrefix(name) }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The trimmed stdout of a command found on PATH, or nil when it cannot run or fails.
    private static func commandOutput(_ command: String, _ arguments: [String]) -> String? {
        guard let result = runSubprocess("/usr/bin/env", [command] + arguments), result.status == 0 else { return nil }
        return result.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
