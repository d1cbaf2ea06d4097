import Foundation

/// What a scenario prints for the test that started it: one line per check, "rank R ok NAME" or
/// "rank R FAIL NAME: detail", and "rank R value NAME: number" for measured values.
final class Report {
    let rank: Int
    init(rank: Int) { self.rank = rank }

    func check(_ name: String, _ passed: Bool, _ detail: String) {
        line("\(passed ? "ok" : "FAIL") \(name)\(passed ? "" : ": \(detail)")")
    }

    func value(_ name: String, _ value: Double) {
        line("value \(name): \(value)")
    }

    /// Written at once (unbuffered), so that a test reading the pipe sees it while the job runs.
    func line(_ text: String) { FileHandle.standardOutput.write(Data("rank \(rank) \(text)\n".utf8)) }
}
