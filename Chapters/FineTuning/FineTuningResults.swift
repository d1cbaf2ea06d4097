import Foundation

/// One fine-tuning run: a method trained on k images per class of one draw, and its test accuracy.
public struct FineTuningRun: Codable, Equatable, Sendable {
    public var reading: FineTuningReading
    public var method: TransferMethod
    public var k: Int
    public var seed: Int
    public var steps: Int
    public var trainingSeconds: Double
    /// On the task's test images (10,000, or the 5,000 of classes 5–9).
    public var testAccuracy: Double
    /// The SHA-256 of the frozen parameters, equal before and after the run (nil: nothing frozen).
    public var frozenChecksum: String?
}

/// What a pre-training left: its length, time and accuracy on its own task's held-out images, and whether the
/// weights were read from the safetensors file of an earlier run of the same recipe instead.
public struct FineTuningPretraining: Codable, Equatable, Sendable {
    public var reading: FineTuningReading
    public var steps: Int
    public var trainingSeconds: Double
    /// On the pretext task of validation images: their rotations, or the validation images of classes 0–4.
    public var pretextValidationAccuracy: Double?
    public var reused: Bool
}

/// Every run of a `workbook fine-tuning --train` (Plots/4.3-fine-tuning/runs/results.json, beside its run.json)
/// and what they say together: per reading, method and k the mean ± sd over the seeds.
public struct FineTuningResults: ResultsFile, Equatable, Sendable {
    public var budget: FineTuningBudget
    public var pretraining: [FineTuningPretraining]
    public var runs: [FineTuningRun]

    public static let fileName = "results.json"

    public init(budget: FineTuningBudget, pretraining: [FineTuningPretraining] = [], runs: [FineTuningRun] = []) {
        (self.budget, self.pretraining, self.runs) = (budget, pretraining, runs)
    }

    /// The test accuracy over the seeds of one cell; nil when it has no run.
    public func summary(_ reading: FineTuningReading, _ method: TransferMethod, k: Int) -> AccuracySummary? {
        let values = runs.filter { $0.reading == reading && $0.method == method && $0.k == k }.map(\.testAccuracy)
        return values.isEmpty ? nil : AccuracySummary(values)
    }

    /// At one k, the best pre-trained method (highest mean) minus training from scratch, with the standard error
    /// of that difference.
    public struct Gap: Equatable, Sendable {
        public var k: Int
        public var method: TransferMethod
        public var difference: Double
        public var standardError: Double
        /// Within two standard errors of zero (or scratch ahead): pre-training no longer measurably helps.
        public var isClosed: Bool { difference < 2 * standardError }
    }

    public func gaps(_ reading: FineTuningReading) -> [Gap] {
        budget.ks.compactMap { k in
            guard let scratch = summary(reading, .scratch, k: k) else { return nil }
            let candidates = TransferMethod.allCases.filter(\.usesPretraining)
                .compactMap { method in summary(reading, method, k: k).map { (method, $0) } }
            guard let (method, best) = candidates.max(by: { $0.1.mean < $1.1.mean }) else { return nil }
            let (difference, error) = best.difference(from: scratch)
            return Gap(k: k, method: method, difference: difference, standardError: error)
        }
    }

    /// The smallest k from which on the gap stays closed (nil: open at every k measured, or nothing measured).
    public func closingK(_ reading: FineTuningReading) -> Int? {
        let gaps = gaps(reading)
        guard let last = gaps.last, last.isClosed else { return nil }
        return gaps.reversed().prefix { $0.isClosed }.last?.k
    }
}
