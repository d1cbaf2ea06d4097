import Foundation
import DeepLearning

/// Post-hoc logit adjustment (Menon et al., "Long-tail learning via logit adjustment", ICLR 2021): a model trained
/// on a set whose class prior is π predicts argmax_c z_c − τ·log π_c instead of argmax_c z_c. With τ = 1, and if
/// softmax(z) estimates the training posterior p(c | x) ∝ p(x | c)·π_c, this is argmax_c p(x | c): the Bayes
/// prediction for balanced classes, which is what a balanced test set asks for. Training is untouched; only the
/// logits are read differently, so it costs no training at all.
public struct LogitAdjustment: Sendable {
    /// log π_c, π_c = n_c / N of the training set.
    public let logPrior: [Double]

    /// The prior of a training set with `classCounts` images per class (each > 0: log 0 has no adjustment).
    public init(classCounts: [Int]) {
        precondition(classCounts.allSatisfy { $0 > 0 }, "LogitAdjustment: every class needs an image, got \(classCounts)")
        let total = Double(classCounts.reduce(0, +))
        logPrior = classCounts.map { log(Double($0) / total) }
    }

    /// argmax_c z[n, c] − τ·log π_c for each row of `logits` [N, C] (in Double; the first class on ties).
    public func predictions(_ logits: Tensor<Float>, tau: Double) -> [Int] {
        let classes = logits.shape[1]
        precondition(classes == logPrior.count, "LogitAdjustment: \(classes) logits per row, \(logPrior.count) classes")
        return (0..<logits.shape[0]).map { row in
            var (best, bestValue) = (0, -Double.infinity)
            for c in 0..<classes {
                let value = Double(logits.scalars[row * classes + c]) - tau * logPrior[c]
                if value > bestValue { (best, bestValue) = (c, value) }
            }
            return best
        }
    }

    /// The τ of `grid` whose predictions on `validationLogits` have the highest balanced accuracy (the mean of the
    /// classes' recalls: what a balanced test set scores), the smallest τ on a tie; and the balanced accuracy at
    /// every grid point. Validation images only: the test images never choose τ.
    public func tunedTau(validationLogits: Tensor<Float>, labels: [Int], grid: [Double]) throws
        -> (tau: Double, balancedAccuracy: [Double]) {
        precondition(!grid.isEmpty, "LogitAdjustment: an empty grid of τ")
        let scores = try grid.map { tau in
            try ClassificationReport(labels: labels, predictions: predictions(validationLogits, tau: tau),
                                     classCount: logPrior.count).macro.recall
        }
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
        return (grid[best], scores)
    }
}
