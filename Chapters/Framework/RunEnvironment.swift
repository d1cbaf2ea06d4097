import Foundation

/// Where and with what a run happened: the git commit of the workbook, the Swift toolchain, the machine.
public struct RunEnvironment: Codable, Sendable {
    /// The commit the running binary was built from (`git rev-parse HEAD` at build time, by the BuildCommit
    /// plugin), with "-dirty" when tracked files outside Plots/ differed from it; nil when built outside git.
    public var gitCommit: String?
    /// The first line of `swift --version` (the toolchain on PATH); nil when swift is not on PATH.
    public var swiftVersion: String?
    /// The "model name" line of /proc/cpuinfo.
    public var cpuModel: String
    public var logicalCores: Int
    public var operatingSystem: String

    /// Looks everything up now (runs `swift --version`); the commit is the build's.
    public static func current() -> RunEnvironment {
        let model = cpuInfoField("model name") ?? "unknown"
        return RunEnvironment(
            gitCommit: buildGitCommit,
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
