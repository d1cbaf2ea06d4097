import Foundation

/// A one-line progress bar for long runs: how far, how fast, and how long still to go.
///
///     epoch 3/10 [████████░░░░░░░░░░░░]  412/860  loss 0.3121  1,283 img/s  ETA 0:23
///
/// On a terminal the line redraws in place (at most ten times a second); when standard error is not a terminal
/// (CI, a log file) it prints a plain line at every tenth of the way instead, so logs stay readable.
public struct ProgressBar {
    private let label: String
    private let total: Int
    private let unitsPerStep: Int
    private let unitName: String
    private let width = 20
    private let interactive: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastDecile = -1

    /// - Parameters:
    ///   - label: what is running, e.g. "epoch 3/10".
    ///   - total: the number of steps (e.g. batches) the run will take.
    ///   - unitsPerStep: items per step (e.g. images per batch), for the rate.
    ///   - unitName: the items' name in the rate, e.g. "img".
    public init(label: String, total: Int, unitsPerStep: Int = 1, unitName: String = "it") {
        self.label = label
        self.total = max(total, 1)
        self.unitsPerStep = unitsPerStep
        self.unitName = unitName
        interactive = isatty(STDERR_FILENO) == 1
    }

    /// Reports that `done` of `total` steps are finished; `status` is shown after the counts (e.g. the loss).
    public mutating func update(done: Int, status: String = "") {
        let now = Date()
        let decile = done * 10 / total
        if interactive {
            guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        } else {
            guard decile != lastDecile else { return }
        }
        lastDraw = now
        lastDecile = decile
        let line = Self.line(label: label, done: done, total: total, width: width,
                             elapsed: now.timeIntervalSince(start), unitsPerStep: unitsPerStep,
                             unitName: unitName, status: status)
        FileHandle.standardError.write(Data(((interactive ? "\r" : "") + line + (interactive ? "" : "\n")).utf8))
    }

    /// Ends the bar's line on a terminal, so the next output starts on a fresh line.
    public func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// The text of one bar; pure, so tests can pin the format.
    static func line(label: String, done: Int, total: Int, width: Int, elapsed: Double, unitsPerStep: Int,
                     unitName: String, status: String) -> String {
        let filled = done * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let digits = String(total).count
        let counts = String(repeating: " ", count: digits - String(done).count) + "\(done)/\(total)"
        let rate = elapsed > 0 ? Double(done * unitsPerStep) / elapsed : 0
        let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        var parts = ["\(label) [\(bar)] \(counts)"]
        if !status.isEmpty { parts.append(status) }
        // Slower than one item a second (a run of a minute or more), the rate reads as seconds per item.
        parts.append(rate > 0 && rate < 1 ? "\(Int((1 / rate).rounded()).formatted()) s/\(unitName)"
                                          : "\(Int(rate.rounded()).formatted()) \(unitName)/s")
        parts.append(done == total ? "in \(clock(elapsed))" : "ETA \(clock(eta))")
        return parts.joined(separator: "  ")
    }

    /// Seconds as m:ss, or h:mm:ss from an hour on.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let (h, m, r) = (s / 3600, s / 60 % 60, s % 60)
        let mmss = String(format: "%d:%02d", h > 0 ? m : s / 60, r)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, r) : mmss
    }
}
