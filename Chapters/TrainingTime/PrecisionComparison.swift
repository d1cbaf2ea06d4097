import Foundation
import Plotting
import Training

extension TrainingTimeStep {
    /// The runs' test accuracies in percent, with half a point of room on each side.
    private static func accuracyRange(_ runs: [PrecisionRun]) -> ClosedRange<Double> {
        let values = runs.map { 100 * $0.testAccuracy }
        return ((values.min() ?? 0) - 0.5)...((values.max() ?? 100) + 0.5)
    }

    /// Each mode's test accuracy (mean ± sd over its runs' seeds), its difference from FP32 in standard errors,
    /// its time per epoch, and what the loss scaler did.
    static func narrateModes(_ runs: [PrecisionRun], full: Bool, in context: RunContext) throws {
        context.heading(full ? "Test accuracy and time by mode (recorded full runs)" : "Test accuracy and time by mode (quick runs: not a result)")
        let modes = PrecisionMode.allCases.filter { mode in runs.contains { $0.mode == mode } }
        let baseline = runs.filter { $0.mode == .fp32 }.map(\.testAccuracy)
        var rows: [[String]] = []
        for mode in modes {
            let members = runs.filter { $0.mode == mode }
            let summary = AccuracySummary(members.map(\.testAccuracy))
            var difference = "–"
            if mode != .fp32, summary.count > 1, baseline.count > 1 {
                let (d, se) = summary.difference(from: AccuracySummary(baseline))
                difference = String(format: "%+.2f points (%.1f SE)", 100 * d, se > 0 ? abs(d) / se : 0)
            }
            let seconds = members.map(\.meanEpochSeconds).reduce(0, +) / Double(members.count)
            let skipped = members.map { "\($0.skippedSteps)" }.joined(separator: ", ")
            let scales = members.compactMap(\.finalScale).map { "2^\(Int(log2($0)))" }.joined(separator: ", ")
            rows.append([mode.label, members.map { "\($0.seed)" }.joined(separator: ", "),
                         String(format: "%.2f ± %.2f%%", 100 * summary.mean, 100 * summary.standardDeviation),
                         difference, String(format: "%.1f", seconds), skipped, scales.isEmpty ? "–" : scales])
            context.result("\(mode.rawValue) mean test accuracy", .number(summary.mean))
            context.result("\(mode.rawValue) mean epoch seconds", .number(seconds))
        }
        context.say(table(["mode", "seeds", "test accuracy (mean ± sd)", "against FP32", "s per epoch",
                           "skipped steps", "final scale"], rows))
        context.say("Seconds per epoch are of the training steps only" + (full ? " (the full runs ran one at a time, "
                    + "alone on the cores: PLAN.md)" : "") + ": the 16-bit modes pay for rounding every activation "
                    + "and gradient in software, which no 16-bit unit repays here.")
        try context.draw(Chart(
            name: "accuracy-by-mode", title: context.chartTitle("混合精度：各模式的测试准确率（每个种子一个点）"),
            content: .series(modes.enumerated().map { index, mode in
                let members = runs.filter { $0.mode == mode }
                return Series(mode.label, x: members.map { _ in Double(index + 1) },
                              y: members.map { 100 * $0.testAccuracy }, style: .points)
            }),
            xAxis: Axis("mode (1 = \(modes.first?.label ?? ""), in the order of the legend)",
                        range: 0.5...(Double(modes.count) + 0.5), tickStep: 1),
            yAxis: Axis("test accuracy (%)", range: accuracyRange(runs)), legendPosition: "outside"))
    }
}
