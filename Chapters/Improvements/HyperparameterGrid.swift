import Foundation
import Plotting

/// The article's fourth measure, tuning the learning rate and the batch size, as a grid on the baseline at a fixed
/// budget of epochs: lr ∈ {3e-4, 1e-3, 3e-3} × batch ∈ {32, 64, 128, 256}, 3 epochs each, seed 0 (declared before
/// any run; one seed per cell, so the heatmap shows the landscape, not differences within a cell's noise: the
/// baseline's seed-to-seed sd is ~0.3 points at 10 epochs).
///
/// At a fixed number of epochs a larger batch takes fewer steps (55,000/B per epoch), so the linear-scaling rule
/// (Goyal et al. 2017: multiply the rate by k when the batch grows by k) predicts that the best rate moves up one
/// column of the grid per doubling of the batch; for Adam, whose step is normalised by √v, the square-root rule
/// (rate ∝ √B) is the usual expectation instead. The grid shows which, if either, holds here.
enum HyperparameterGrid {
    static let learningRates = [0.0003, 0.001, 0.003]
    static let batchSizes = [32, 64, 128, 256]
    static let epochs = 3
    static let seeds = [0]

    /// One ablation row per cell, named "grid-lr0.001-b64", trained and read back as any row is.
    static let rows: [AblationRow] = learningRates.flatMap { rate in
        batchSizes.map { batch in
            var recipe = ImprovementRecipe()
            (recipe.learningRate, recipe.batchSize, recipe.epochs) = (rate, batch, epochs)
            return AblationRow(name: "grid-lr\(format(rate))-b\(batch)",
                               summary: "the baseline at lr \(format(rate)), batch \(batch), \(epochs) epochs",
                               recipe: recipe, seeds: seeds)
        }
    }

    /// Test accuracy (%) of each cell's first declared seed among `runs`, by [rate][batch]; nil where no run.
    static func accuracies(_ runs: [AblationRun], rows: [AblationRow]) -> [[Double?]] {
        learningRates.indices.map { r in
            batchSizes.indices.map { b in
                let row = rows[r * batchSizes.count + b]
                return runs.first { $0.row == row.name && $0.engine == .workbook && row.seeds.contains($0.seed) }
                    .map { 100 * $0.testAccuracy }
            }
        }
    }

    /// Prints the grid, what the rules predict and what it shows, and draws the heatmap when every cell has a run.
    static func narrate(_ runs: [AblationRun], rows: [AblationRow], quick: Bool, in context: RunContext) throws {
        context.heading("Learning rate × batch size (the baseline, \(rows.first?.recipe.epochs ?? epochs) epochs, seed 0)"
                        + (quick ? ": the machinery on quick runs (not results)" : ""))
        let grid = accuracies(runs, rows: rows)
        context.say("test accuracy (%)   " + batchSizes.map { "batch \($0)".padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        for (r, rate) in learningRates.enumerated() {
            context.say("lr \(format(rate))".padding(toLength: 20, withPad: " ", startingAt: 0)
                        + grid[r].map { ($0.map { String(format: "%.2f", $0) } ?? "—").padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        }
        let missing = rows.indices.filter { grid[$0 / batchSizes.count][$0 % batchSizes.count] == nil }.map { rows[$0].name }
        guard missing.isEmpty else {
            context.say("no record yet for \(missing.count) of \(rows.count) cells; each: .build/release/workbook improvements "
                        + "--train --row grid-lr<α>-b<B> --seed 0 --threads 2 (Plots/5.3.3-improvements/PLAN.md)")
            return
        }
        let best = batchSizes.indices.map { b in learningRates.indices.max { grid[$0][b]! < grid[$1][b]! }! }
        context.say("best rate per batch: " + zip(batchSizes, best).map { "\($0): \(format(learningRates[$1]))" }.joined(separator: ", ")
                    + ". Linear scaling would move the best rate up ×2 per doubling of the batch (×8 from 32 to 256), "
                    + "the square-root rule ×√2 (×2.8); the grid's rates are ×3–3.3 apart.")
        for (r, rate) in learningRates.enumerated() {
            for (b, batch) in batchSizes.enumerated() { context.result("grid lr \(format(rate)) batch \(batch)", .number(grid[r][b]!)) }
        }
        guard !quick else { return }
        try context.draw(Chart(
            name: "lr-batch-grid", title: context.chartTitle("学习率 × 批量大小（基线，\(epochs) 个 epoch，测试集准确率 %）"),
            content: .heatmap(Heatmap(values: grid.map { $0.map { $0! } }, rowLabels: learningRates.map { "lr \(format($0))" },
                                      columnLabels: batchSizes.map { "batch \($0)" })),
            xAxis: Axis("batch size"), yAxis: Axis("learning rate (Adam)"), width: 820, height: 520))
    }
}
