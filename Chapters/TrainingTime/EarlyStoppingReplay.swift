import Foundation
import Plotting
import Training

/// Early stopping replayed on recorded per-epoch validation curves (`EarlyStoppingRule`, the rule the
/// `EarlyStopping` callback applies while training): where it would have stopped, which epoch's weights it would
/// have restored, the epochs and seconds saved, and the test accuracy of the restored weights against the last
/// epoch's.
enum EarlyStoppingReplay {
    /// Fixed before looking at any curve: stop after 2 epochs without an improvement larger than 0.001 (of the
    /// loss, or of the error rate: 5 of 5,000 validation images).
    static let patience = 2, minDelta = 0.001

    struct Curve {
        var label: String
        /// Lower is better, one per epoch.
        var values: [Double]
        var testAccuracies: [Double]
        var seconds: [Double]
    }

    struct Outcome {
        var curve: Curve
        var stoppedEpoch: Int?
        var bestEpoch: Int
        var epochsRun: Int { stoppedEpoch.map { $0 + 1 } ?? curve.values.count }
        var epochsSaved: Int { curve.values.count - epochsRun }
        var secondsSaved: Double { curve.seconds.dropFirst(epochsRun).reduce(0, +) }
        /// Last epoch's test accuracy minus the restored epoch's (positive: accuracy given up by stopping).
        var accuracyGivenUp: Double { curve.testAccuracies.last! - curve.testAccuracies[bestEpoch] }
    }

    static func replay(_ curve: Curve) -> Outcome {
        let (stopped, best) = EarlyStoppingRule.replay(curve.values, patience: patience, minDelta: minDelta)
        return Outcome(curve: curve, stoppedEpoch: stopped, bestEpoch: best ?? 0)
    }

    /// The validation-error curves of §5.2.3's recorded 10-epoch runs (Plots/5.2.3-training/seeds/): those records
    /// hold the validation accuracy per epoch, not the loss.
    static func recipeCurves(recordsRoot: URL) -> [Curve] {
        let folder = recordsRoot.appendingPathComponent("5.2.3-training/seeds")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("seed-") && $0.hasSuffix(".json") }.sorted()
        return files.compactMap { file in
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
                  let record = try? JSONDecoder().decode(RunRecord.self, from: data),
                  record.command == CNNTrainingStep.command, record.epochs.count == RecipeRun.epochs,
                  let seed = record.seed else { return nil }
            let validation = record.epochs.compactMap { $0.metrics["validation accuracy"] }
            let test = record.epochs.compactMap { $0.metrics["test accuracy"] }
            let seconds = record.epochs.compactMap(\.seconds)
            guard validation.count == RecipeRun.epochs, test.count == validation.count, seconds.count == validation.count
            else { return nil }
            return Curve(label: "§5.2.3 seed \(seed)", values: validation.map { 1 - $0 }, testAccuracies: test,
                         seconds: seconds)
        }
    }

    static func narrate(precisionRuns: [PrecisionRun], recordsRoot: URL, in context: RunContext) throws {
        context.heading("Early stopping (patience \(patience), min-delta \(minDelta), best weights restored) on recorded runs")
        let lossCurves = precisionRuns.compactMap { run -> Curve? in
            let losses = run.epochs.compactMap { $0.metrics["validation loss"] }
            let test = run.epochs.compactMap { $0.metrics["test accuracy"] }
            guard losses.count == run.epochs.count, test.count == losses.count else { return nil }
            return Curve(label: "\(run.mode.label) seed \(run.seed)", values: losses, testAccuracies: test,
                         seconds: run.epochs.map { $0.seconds ?? 0 })
        }
        let errorCurves = recipeCurves(recordsRoot: recordsRoot)
        if lossCurves.isEmpty {
            context.say("No recorded mixed-precision run holds a validation loss per epoch yet (the full runs of this "
                        + "step do). §5.2.3's recorded runs hold the validation accuracy per epoch, not the loss: "
                        + "the rule watches their validation error, 1 − accuracy.")
        }
        for (name, curves) in [("validation loss", lossCurves), ("validation error", errorCurves)] where !curves.isEmpty {
            let outcomes = curves.map(replay)
            context.say(table(["run (\(name))", "epochs", "stops after", "restores", "epochs saved", "time saved",
                               "test: last epoch", "test: restored", "given up"],
                              outcomes.map { o in
                [o.curve.label, "\(o.curve.values.count)", o.stoppedEpoch.map { "epoch \($0 + 1)" } ?? "never",
                 "epoch \(o.bestEpoch + 1)", "\(o.epochsSaved)", String(format: "%.0f s", o.secondsSaved),
                 percent(o.curve.testAccuracies.last!), percent(o.curve.testAccuracies[o.bestEpoch]),
                 String(format: "%+.2f", 100 * o.accuracyGivenUp)]
            }))
            let givenUp = AccuracySummary(outcomes.map(\.accuracyGivenUp))
            let saved = outcomes.map(\.epochsSaved).reduce(0, +), seconds = outcomes.map(\.secondsSaved).reduce(0, +)
            let total = outcomes.map { $0.curve.values.count }.reduce(0, +)
            context.say("Over \(outcomes.count) runs on the \(name): \(saved) of \(total) epochs saved "
                        + "(\(String(format: "%.0f", seconds)) s of training), test accuracy given up "
                        + String(format: "%+.2f ± %.2f points (mean ± sd; positive: the last epoch was better)",
                                 100 * givenUp.mean, 100 * givenUp.standardDeviation) + ".")
            context.result("early stopping on \(name): epochs saved", .integer(saved))
            context.result("early stopping on \(name): seconds saved", .number(seconds))
            context.result("early stopping on \(name): mean accuracy given up", .number(givenUp.mean))
        }
        // The chart shows a curve where the rule has room to act: §5.2.3's 10-epoch runs when they are recorded
        // (the mixed-precision runs are 3 epochs long), else a mixed-precision run's validation loss.
        let showsError = !errorCurves.isEmpty
        guard let shown = (showsError ? errorCurves.first : lossCurves.first).map(replay) else { return }
        let epochs = shown.curve.values.indices.map { Double($0 + 1) }
        try context.draw(Chart(
            name: "early-stopping", title: context.chartTitle("早停：验证曲线、停止点与恢复的最佳轮次"),
            content: .series([
                Series("\(shown.curve.label): \(showsError ? "validation error (%)" : "validation loss ×100")",
                       x: epochs, y: shown.curve.values.map { 100 * $0 }, style: .linesPoints),
                Series("test error (%)", x: epochs, y: shown.curve.testAccuracies.map { 100 * (1 - $0) },
                       style: .linesPoints),
            ]),
            xAxis: Axis("epoch", tickStep: 1),
            yAxis: Axis(showsError ? "error (%)" : "validation loss ×100; test error (%)"),
            verticalMarkers: [Marker(at: Double(shown.bestEpoch + 1), "restored: epoch \(shown.bestEpoch + 1)")]
                + (shown.stoppedEpoch.map { [Marker(at: Double($0 + 1), "stops after epoch \($0 + 1)")] } ?? []),
            legendPosition: "bottom left"))
    }
}
