import Foundation
import Datasets
import DeepLearning
import Plotting
import Training

/// §2.1's "predicted against measured": a training step of the §5.2.3 recipe (Fashion-MNIST, batch 64, Adam
/// 0.001, 1 thread) predicted from its GEMMs' measured speeds and its memory traffic at the measured bandwidth,
/// against the same step timed layer by layer and against plain training steps scaled to the epoch.
extension ComputeResourcesStep {
    /// The models compared, by the recipes of §5.2.3 and §5.3.3.
    static let predictedModels: [(label: String, file: String, model: ImprovementRecipe.Model)] = [
        ("article CNN, 1×28×28", "cnn", .cnn), ("small ResNet, 1×28×28", "resnet", .resnet),
    ]

    /// What one model's comparison found, for the summary and the tests of the verdict.
    struct Comparison {
        var label: String
        var predicted: StepPrediction
        var measured: MeasuredStep
        /// Seconds per step of plain training (`CNNTrainer.trainEpoch`, no clocks between layers).
        var plainStepSeconds: Double
        var batchesPerEpoch: Int
        var predictedEpochSeconds: Double { predicted.seconds * Double(batchesPerEpoch) }
        var measuredEpochSeconds: Double { plainStepSeconds * Double(batchesPerEpoch) }
        /// measured / predicted, whole epoch.
        var ratio: Double { measuredEpochSeconds / predictedEpochSeconds }
        var isWithinTwentyPercent: Bool { abs(ratio - 1) <= 0.2 }
    }

    static func predictAgainstMeasured(_ options: ComputeResourcesOptions, bandwidth: MemoryBandwidth,
                                       in context: RunContext) throws {
        context.seed(0)
        context.parameter("timed training steps per model", .integer(options.timedSteps))
        context.parameter("untimed warm-up steps", .integer(options.warmupSteps))
        context.parameter("threads of the predicted and timed steps", .integer(1))
        let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory,
                                                 fitLimit: options.quick ? 64 * (options.timedSteps + 4) : nil)
        for (label, file, kind) in predictedModels {
            var recipe = ImprovementRecipe()
            recipe.model = kind
            let trainer = try CNNTrainer(fit: splits.fit, seed: 0, batchSize: 64, learningRate: 0.001,
                                         build: recipe.builder)
            try BLASThreads.with(1) {
                let comparison = try compare(label, trainer: trainer, bandwidth: bandwidth.triad, options: options)
                try narrate(comparison, file: file, in: context)
            }
        }
    }

    /// Measures every GEMM shape of the step, predicts, times the step layer by layer (epoch 0), then plain
    /// steps (epoch 1), all at the BLAS thread count in force.
    static func compare(_ label: String, trainer: CNNTrainer, bandwidth: Double,
                        options: ComputeResourcesOptions) throws -> Comparison {
        let inputShape = [trainer.batchSize] + trainer.inputShape
        let speeds = benchmarkGemms(try trainingStepGemms(of: trainer.model, inputShape: inputShape),
                                    repeats: options.sgemmRepeats)
        let predicted = try StepPrediction(model: trainer.model, inputShape: inputShape, gemmSpeed: { shape in
            speeds.first { $0.shape.hasSameProduct(as: shape) }!.rawGFLOPS
        }, bandwidth: bandwidth)
        let measured = try MeasuredStep.measure(trainer.model, trainer: trainer.trainer, source: trainer.fitLoader,
                                                epoch: 0, warmup: options.warmupSteps, steps: options.timedSteps)
        _ = try trainer.trainEpoch(1, maximumSteps: options.warmupSteps)
        _ = try trainer.trainEpoch(2, maximumSteps: options.timedSteps)
        return Comparison(label: label, predicted: predicted, measured: measured,
                          plainStepSeconds: trainer.trainer.state.epochSeconds / Double(options.timedSteps),
                          batchesPerEpoch: trainer.batchesPerEpoch)
    }

    static func narrate(_ comparison: Comparison, file: String, in context: RunContext) throws {
        let predicted = comparison.predicted, measured = comparison.measured
        context.heading("\(comparison.label): a training step predicted against measured (batch 64, 1 thread)")
        func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }
        let measuredTotal = measured.seconds
        var rows: [[String]] = zip(predicted.parts, measured.parts).map { guess, time in
            [guess.name, guess.typeName, String(format: "%.3f", guess.gemmFlops / 1e9), ms(guess.gemmSeconds),
             String(format: "%.1f", Double(guess.traffic.bytes) / 1e6), ms(guess.memorySeconds), ms(guess.seconds),
             ms(time.seconds), ms(time.fastestSeconds),
             guess.seconds > 0 ? String(format: "%.2f", time.seconds / guess.seconds) : "–",
             String(format: "%.1f%%", 100 * time.seconds / measuredTotal)]
        }
        let fastestTotal = measured.parts.reduce(0) { $0 + $1.fastestSeconds }
        rows.append(["loader, trainer, clocks", "(not modelled)", "", "", "", "", "0", ms(measured.otherSeconds), "", "",
                     String(format: "%.1f%%", 100 * measured.otherSeconds / measuredTotal)])
        rows.append(["total", "", String(format: "%.3f", predicted.parts.reduce(0) { $0 + $1.gemmFlops } / 1e9),
                     ms(predicted.parts.reduce(0) { $0 + $1.gemmSeconds }),
                     String(format: "%.1f", Double(predicted.parts.reduce(0) { $0 + $1.traffic.bytes }) / 1e6),
                     ms(predicted.parts.reduce(0) { $0 + $1.memorySeconds }), ms(predicted.seconds), ms(measuredTotal),
                     ms(fastestTotal),
                     String(format: "%.2f", measuredTotal / predicted.seconds), "100%"])
        context.say(table(["unit", "type", "GEMM GFLOP", "GEMM ms", "memory MB", "memory ms", "predicted ms",
                           "measured ms (mean)", "fastest step ms", "measured/predicted", "share of the step"], rows))
        context.say(String(format: "predicted: each GEMM's FLOPs at its own shape's measured sgemm speed, plus the bytes "
                           + "of MemoryTraffic at the measured triad bandwidth (%.1f GB/s, 1 thread); measured: the mean "
                           + "of %d steps on the fit set's batches after %d untimed ones, a clock read between units",
                           predicted.bandwidth, measured.steps, measured.warmup))
        let verdict = comparison.isWithinTwentyPercent ? "within 20%" : "NOT within 20%"
        context.say(String(format: "epoch of %d steps: predicted %.1f s, measured %.1f s (%d plain training steps through "
                           + "CNNTrainer, %.1f ms each, scaled to the epoch): measured/predicted %.2f, %@",
                           comparison.batchesPerEpoch, comparison.predictedEpochSeconds, comparison.measuredEpochSeconds,
                           measured.steps, comparison.plainStepSeconds * 1000, comparison.ratio, verdict))
        context.say(String(format: "the step timed layer by layer took %.1f ms, a plain step %.1f ms (%.2f×: the clocks "
                           + "between units, and the machine's load from one run to the next)", measuredTotal * 1000,
                           comparison.plainStepSeconds * 1000, measuredTotal / comparison.plainStepSeconds))
        context.say(String(format: "each part's fastest timed step (from different steps: a lower bound of the fastest "
                           + "whole step) adds up to %.1f ms, %.2f× the prediction: the "
                           + "GEMM speeds are each shape's fastest timing and the memory bandwidth STREAM's best pass, "
                           + "so on a shared machine the mean carries the other jobs' share of the cores and the fastest "
                           + "step is the comparable figure; the gap that remains at the fastest step is the model's",
                           fastestTotal * 1000, fastestTotal / predicted.seconds))
        for line in explanation(comparison) { context.say(line) }
        let prefix = comparison.label
        context.result("\(prefix): predicted epoch seconds", .number(comparison.predictedEpochSeconds))
        context.result("\(prefix): measured epoch seconds", .number(comparison.measuredEpochSeconds))
        context.result("\(prefix): measured/predicted", .number(comparison.ratio))
        context.result("\(prefix): within 20%", .flag(comparison.isWithinTwentyPercent))
        try context.draw(chart(comparison, file: file, in: context))
    }

    /// Where the time goes and, when the epoch misses the 20% band, which parts the model misprices: the units
    /// whose measured time differs most from the predicted, and what kind of work they are.
    static func explanation(_ comparison: Comparison) -> [String] {
        let pairs = zip(comparison.predicted.parts, comparison.measured.parts).map { (guess: $0, time: $1) }
        let step = comparison.measured.seconds
        let parameters = Double(pairs.reduce(0) { $0 + $1.guess.parameters })
        func shares(_ pair: (guess: StepPrediction.Part, time: MeasuredStep.Part)) -> String {
            String(format: "%@ takes %.0f%% of the step's time with %.0f%% of the parameters", pair.guess.name,
                   100 * pair.time.seconds / step, 100 * Double(pair.guess.parameters) / parameters)
        }
        let costly = pairs.sorted { $0.time.seconds > $1.time.seconds }.prefix(3)
        let largest = pairs.max { $0.guess.parameters < $1.guess.parameters }!
        var lines = ["erratum 6, measured: the time follows the arithmetic, not the parameter count: "
            + costly.map(shares).joined(separator: "; ")
            + (costly.contains { $0.guess.name == largest.guess.name } ? "" : "; the largest, " + shares(largest))]
        guard !comparison.isWithinTwentyPercent else { return lines }
        let misses = pairs.sorted { abs($0.time.seconds - $0.guess.seconds) > abs($1.time.seconds - $1.guess.seconds) }
            .prefix(3)
        lines.append("the largest misses (measured − predicted, ms per step): " + misses.map { pair in
            let kind = pair.guess.gemmSeconds >= pair.guess.memorySeconds ? "GEMM-bound" : "memory-bound"
            return String(format: "%@ %+.2f (%@)", pair.guess.name, 1000 * (pair.time.seconds - pair.guess.seconds), kind)
        }.joined(separator: ", ") + String(format: "; not modelled at all: %.2f ms (loader, trainer, clocks)",
                                           1000 * comparison.measured.otherSeconds))
        lines.append("what the model leaves out: a memory-bound unit faster than predicted kept its tensors in the caches "
                     + "(the bandwidth is DRAM's, over arrays six times the L3); a GEMM-bound unit slower than predicted "
                     + "ran its GEMMs slower inside the layer than alone (im2col and the copies between them evict the "
                     + "operands; the bench measures each shape warm), or paid per-call costs (small GEMMs, the layer's "
                     + "bookkeeping) that the model charges nothing for")
        return lines
    }

    /// Predicted and measured milliseconds per unit as pairs of bars, on a log axis (the cheapest units are
    /// hundreds of times below the costliest).
    static func chart(_ comparison: Comparison, file: String, in context: RunContext) -> Chart {
        let parts = zip(comparison.predicted.parts, comparison.measured.parts)
        var labels: [String] = [], bars: [Gantt.Bar] = []
        let floor = 0.001  // ms: where the bars start (a log axis has no zero)
        for (index, (guess, time)) in parts.enumerated() {
            labels += [guess.name, ""]
            bars.append(Gantt.Bar(row: 2 * index, start: floor, end: max(floor, guess.seconds * 1000), kind: 0))
            bars.append(Gantt.Bar(row: 2 * index + 1, start: floor, end: max(floor, time.seconds * 1000), kind: 1))
        }
        return Chart(name: "predicted-vs-measured-\(file)",
                     title: context.chartTitle("每层训练时间：预测与实测（\(comparison.label)，batch 64，1 线程）"),
                     content: .gantt(Gantt(rowLabels: labels, kinds: ["predicted (GEMM speed + bytes / bandwidth)",
                                                                      "measured"], bars: bars)),
                     xAxis: Axis("ms per training step (log scale)", logarithmic: true), legendPosition: "bottom right",
                     height: max(600, 28 * labels.count))
    }
}
