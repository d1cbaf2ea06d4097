/// One measured model of the §9.4 experiment: a mitigation on one setting (rare class, keep fraction) and seed,
/// with its confusion matrix on the test images, from which every disparity measure follows (`Disparity`).
public struct FairnessRun: Codable, Equatable, Sendable {
    /// nil for the reference runs: every class whole (one model serves as the reference of every rare class).
    public var rareClass: Int?
    /// 1 for the reference runs.
    public var keepFraction: Double
    public var seed: Int
    public var mitigation: Mitigation
    /// Images per class of the fit set it trained on (before oversampling), indexed by class.
    public var fitClassCounts: [Int]
    /// Optimizer steps and the images they saw (an oversampled epoch has more than the fit set); 0 for the logit
    /// adjustments, which reuse the plain model.
    public var steps: Int
    public var trainedImages: Int
    public var trainingSeconds: Double
    /// The logit adjustments' τ.
    public var tau: Double?
    /// The tuned logit adjustment: the balanced validation accuracy at each τ of the budget's grid.
    public var validationBalancedAccuracy: [Double]?
    /// confusion[true][predicted] on the test images.
    public var confusion: [[Int]]

    /// The disparity of `rareClass` in this run's test predictions.
    public func disparity(of rareClass: Int) -> Disparity { Disparity(confusion: confusion, rareClass: rareClass) }
}
