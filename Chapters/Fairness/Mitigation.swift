/// What is done about a rare class: nothing, or one of three mitigations (the two logit adjustments change only
/// how the plain model's logits are read, so they train nothing of their own).
public enum Mitigation: String, Codable, CaseIterable, Sendable {
    /// The §5.2.3 recipe on the imbalanced fit set: the "before".
    case plain
    /// Cross-entropy with class weights ∝ 1/frequency (`ClassWeights.inverseFrequency`).
    case weightedLoss = "weighted-loss"
    /// The rare class drawn with replacement to the largest class's count every epoch (`ClassOversampler`).
    case oversampling
    /// The plain model's logits minus τ·log(prior), τ = 1 (Menon et al. 2021), at test time.
    case logitAdjustment = "logit-adjustment"
    /// The same with τ chosen on the validation images (never the test images).
    case tunedLogitAdjustment = "logit-adjustment-tuned"

    /// The mitigations that train a model of their own; the others read the plain model's logits.
    public static let trained: [Mitigation] = [.plain, .weightedLoss, .oversampling]

    public var label: String {
        switch self {
        case .plain: "plain (before)"
        case .weightedLoss: "weighted cross-entropy"
        case .oversampling: "oversampling"
        case .logitAdjustment: "logit adjustment, τ = 1"
        case .tunedLogitAdjustment: "logit adjustment, τ on validation"
        }
    }
}
