import Foundation
import DeepLearning

/// §5.3.3's ablation table, computed from the recorded runs: per row the model's size and cost, our speed and
/// accuracy over seeds, PyTorch's for the same recipe, their difference in standard errors, and the two budgets
/// (equal epochs, equal wall time).
public struct AblationTable {
    /// The model's size and cost per image, from `ModelSummary` at 1×28×28.
    public struct ModelCost: Equatable, Sendable {
        public var parameters: Int
        /// Forward FLOPs of one image.
        public var forwardFlops: Int
        /// One training step's FLOPs per image (forward and both backward products).
        public var trainingFlops: Int
    }

    public struct Line {
        public var row: AblationRow
        public var cost: ModelCost
        public var ours: [AblationRun]
        public var pytorch: [AblationRun]
        public var oursAccuracy: AccuracySummary? { ours.isEmpty ? nil : AccuracySummary(ours.map(\.testAccuracy)) }
        public var pytorchAccuracy: AccuracySummary? {
            pytorch.isEmpty ? nil : AccuracySummary(pytorch.map(\.testAccuracy))
        }
        /// Our mean training images per second (55,000 × epochs over the training seconds).
        public var imagesPerSecond: Double? {
            ours.isEmpty ? nil : mean(ours.map { Double($0.fitImages * $0.epochs.count) / $0.trainingSeconds })
        }
        /// Our mean training time (evaluation excluded).
        public var trainingSeconds: Double? { ours.isEmpty ? nil : mean(ours.map(\.trainingSeconds)) }

        /// (our mean − PyTorch's mean) / √(SE₁² + SE₂²); nil unless both engines have ≥ 2 runs.
        public var differenceInStandardErrors: Double? {
            guard let a = oursAccuracy, let b = pytorchAccuracy, a.count > 1, b.count > 1 else { return nil }
            let (difference, combined) = a.difference(from: b)
            return combined > 0 ? difference / combined : nil
        }

        /// Test accuracy after epoch `epochs` over our seeds, when the recipe is that long (a scheduled recipe read
        /// in the middle is not the same recipe); nil otherwise.
        public func accuracy(atEqualEpochs epochs: Int) -> AccuracySummary? {
            guard row.recipe.epochs == epochs, !ours.isEmpty else { return nil }
            return AccuracySummary(ours.map { $0.epochs[epochs - 1].testAccuracy })
        }

        /// Test accuracy within `seconds` of training, read off each run's per-epoch record: the last epoch that
        /// ended within the budget. A run that ends within it gives its final accuracy; one with a constant
        /// learning rate can be stopped at any epoch; a scheduled one stopped early is another recipe (nil).
        public func accuracy(withinSeconds seconds: Double) -> (summary: AccuracySummary, finished: Bool)? {
            guard !ours.isEmpty else { return nil }
            let finished = ours.allSatisfy { $0.trainingSeconds <= seconds }
            guard finished || row.recipe.schedule == .constant else { return nil }
            var values: [Double] = []
            for run in ours {
                guard let last = run.cumulativeSeconds.lastIndex(where: { $0 <= seconds }) else { return nil }
                values.append(run.epochs[last].testAccuracy)
            }
            return (AccuracySummary(values), finished)
        }

        /// The declared seeds without a record, per engine.
        public var missingSeeds: (ours: [Int], pytorch: [Int]) {
            (row.seeds.filter { seed in !ours.contains { $0.seed == seed } },
             row.seeds.filter { seed in !pytorch.contains { $0.seed == seed } })
        }
    }

    /// The fit set every full run trains on.
    public static let fitImages = 55000
    /// The equal-epochs budget.
    public static let equalEpochs = 10

    public var lines: [Line]
    /// The equal-wall-time budget: the best recipe's mean training time; nil without a run of it.
    public var budgetSeconds: Double? { lines.first { $0.row.name == "best" }?.trainingSeconds }

    public init(rows: [AblationRow], runs: [AblationRun], costs: [String: ModelCost]) {
        lines = rows.map { row in
            // Only the declared seeds count: a run of another seed is not part of the row's statistics.
            let mine = runs.filter { $0.row == row.name && row.seeds.contains($0.seed) }.sorted { $0.seed < $1.seed }
            return Line(row: row, cost: costs[row.name]!, ours: mine.filter { $0.engine == .workbook },
                        pytorch: mine.filter { $0.engine == .pytorch })
        }
    }

    /// The cost of each recipe's model (built once per model kind, from a fixed generator: the weights do not
    /// matter for counting).
    public static func costs(of rows: [AblationRow]) throws -> [String: ModelCost] {
        var byModel: [ImprovementRecipe.Model: ModelCost] = [:]
        var costs: [String: ModelCost] = [:]
        for row in rows {
            if byModel[row.recipe.model] == nil {
                var generator = RandomGenerator(seed: 0)
                let model = row.recipe.builder([1, 28, 28], 10, &generator)
                let summary = try ModelSummary(of: model, inputShape: [1, 1, 28, 28])
                byModel[row.recipe.model] = ModelCost(parameters: summary.totalParameterCount,
                                                      forwardFlops: summary.forwardFlops,
                                                      trainingFlops: summary.trainingStepFlops)
            }
            costs[row.name] = byModel[row.recipe.model]
        }
        return costs
    }

    /// The table as text: one line per row.
    public var text: String {
        let header = ["row", "params", "MFLOPs/img", "img/s", "train min", "test acc (ours)", "PyTorch", "Δ/SE",
                      "@10 epochs", budgetSeconds.map { "@\(String(format: "%.1f", $0 / 60)) min" } ?? "@equal time"]
        var table = [header]
        for line in lines {
            let ours = line.oursAccuracy.map(Self.describe) ?? "no record"
            let torch = line.pytorchAccuracy.map(Self.describe) ?? "–"
            let equalTime: String
            if let budget = budgetSeconds, let reading = line.accuracy(withinSeconds: budget) {
                equalTime = Self.percent(reading.summary.mean) + (reading.finished ? "" : " (stopped)")
            } else {
                equalTime = line.ours.isEmpty || budgetSeconds == nil ? "–" : "needs its own run"
            }
            table.append([
                line.row.name, "\(line.cost.parameters)", String(format: "%.1f", Double(line.cost.forwardFlops) / 1e6),
                line.imagesPerSecond.map { String(format: "%.0f", $0) } ?? "–",
                line.trainingSeconds.map { String(format: "%.1f", $0 / 60) } ?? "–",
                ours, torch, line.differenceInStandardErrors.map { String(format: "%+.1f", $0) } ?? "–",
                line.accuracy(atEqualEpochs: Self.equalEpochs).map { Self.percent($0.mean) } ?? "–", equalTime,
            ])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max()! }
        return table.map { cells in
            cells.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// "91.86 ± 0.86% (n=3)"; one run has no spread to print, so "92.10% (n=1)", not "± 0.00".
    static func describe(_ summary: AccuracySummary) -> String {
        summary.count < 2 ? String(format: "%.2f%% (n=%d)", 100 * summary.mean, summary.count)
            : String(format: "%.2f ± %.2f%% (n=%d)", 100 * summary.mean, 100 * summary.standardDeviation, summary.count)
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", 100 * fraction) }
}

private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
