import Foundation
import DeepLearning
import Plotting
import Training

extension TrainingTimeStep {
    /// The census of an FP32 run's gradients against FP16's range: the share in each binade, and per format and
    /// scale the share that would flush to zero or overflow (Micikevicius et al.'s Figure 3, measured here).
    static func narrateCensus(_ census: PrecisionRun.Census, in context: RunContext) throws {
        context.heading("The CNN's gradients against FP16's range (an FP32 run, \(census.sampledSteps) sampled steps)")
        let fp16 = NumberFormat.float16
        var rows: [[String]] = []
        for (name, tally) in [("weight gradients", census.weights), ("activation gradients", census.activations)] {
            context.say("\(name): \(tally.count) values, \(percent(Double(tally.zeros) / Double(max(tally.count, 1)))) "
                        + "exactly zero in FP32 already (dead ReLUs, max-pool losers), "
                        + "\(percent(tally.share(below: -14))) of the rest below FP16's smallest normal 2^-14 "
                        + "(subnormal or zero in FP16: fewer significant bits)")
            for (index, scenario) in tally.scenarios.enumerated() {
                rows.append([name, scenario.description, String(format: "%.4f%%", 100 * tally.flushedShare(index)),
                             String(format: "%.4f%%", 100 * tally.overflowedShare(index))])
                context.result("\(name) flushed \(scenario)", .number(tally.flushedShare(index)))
            }
        }
        context.say(table(["gradients", "stored as", "flushed to zero", "overflowed to inf"], rows))
        context.say("Shares of the non-zero FP32 values. Scaling by S moves every magnitude up by log2 S binades: "
                    + "what sat below 2^-25 lands in range, as long as nothing is pushed past \(Int(fp16.largestFinite)). "
                    + "BF16 flushes nothing that FP32 holds (its smallest subnormal is 2^-133).")

        func used(_ tally: GradientTally) -> ClosedRange<Int> {
            let bins = tally.bins.indices.filter { tally.bins[$0] > 0 }
            return ((bins.first ?? 0)...(bins.last ?? 0))
        }
        func series(_ label: String, _ tally: GradientTally) -> Series {
            let range = used(tally)
            return Series(label, x: range.map { Double($0 + GradientTally.lowestExponent) },
                          y: range.map { 100 * Double(tally.bins[$0]) / Double(max(tally.nonZero, 1)) },
                          style: .linesPoints)
        }
        let lowest = min(used(census.weights).lowerBound, used(census.activations).lowerBound) + GradientTally.lowestExponent
        try context.draw(Chart(
            name: "gradient-census", title: context.chartTitle("梯度幅值分布与 FP16 的表示范围"),
            content: .series([series("weight gradients", census.weights),
                              series("activation gradients", census.activations)]),
            xAxis: Axis("log2 |gradient| (binade). Dashed: FP16's smallest subnormal 2^{-24}, smallest normal 2^{-14}, "
                        + "largest 65504; below 2^{-40} even ×2^{16} flushes", range: Double(min(lowest, -42) - 1)...20),
            // Logarithmic: the tail below 2^-24, what FP16 flushes, is a few tenths of a percent.
            yAxis: Axis("share of non-zero values (%, log scale)", logarithmic: true),
            verticalMarkers: [Marker(at: -24, "2^{-24}"), Marker(at: -14, "2^{-14}"), Marker(at: 16, "65504"),
                              Marker(at: -40, "2^{-40}")],
            legendPosition: "center right"))
    }
}
