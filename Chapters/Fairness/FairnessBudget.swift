/// Everything that sets the §9.4 runs and their cost, declared before any run; results made under another budget
/// are not read back as this one's.
///
/// Full budget (`workbook fairness --train`; Plots/9.4-fairness/PLAN.md): a rare Shirt (6, the hardest class) and a
/// rare Trouser (1, an easy one), each kept at 2%, 5% and 20% of its ~5,500 fit images (111, 277, 1,107 Shirts), the other
/// nine classes whole; plain, weighted cross-entropy and oversampling trained on each, seeds 0, 1, 2 (each seed
/// draws the kept images, the weights and the shuffle) = 54 trainings, plus the plain recipe on the whole fit set
/// for the same seeds (3 trainings: the class at its natural frequency, the reference its rarity is measured
/// against). One epoch each, the §5.2.3 recipe otherwise (Adam 0.001, batch 64): at the ~680 training images/s the
/// CNN reaches on this machine's 2 cores, a plain epoch of 49,578–50,598 images takes ≈ 74 s and an oversampled
/// one (55,017 or 55,047) ≈ 81 s: 72 minutes of training for the 57 and ≈ 5.5 for the evaluations; two epochs
/// would take ≈ 150 minutes, over the 2-hour budget. After one epoch §5.2.3's CNN is at 88.2% test accuracy (91.5%
/// after 10): the disparities measured are those of a briefly trained model, stated as such.
public struct FairnessBudget: Codable, Equatable, Sendable {
    /// The classes made rare, one setting at a time.
    public var rareClasses: [Int]
    /// The fractions of the rare class's fit images kept.
    public var keepFractions: [Double]
    /// Declared before any run.
    public var seeds: [Int]
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    /// The τ a validation-tuned logit adjustment chooses from.
    public var tauGrid: [Double]
    /// The first `fitLimit` fit images (0: all 55,000), `validationLimit` validation and `testLimit` test images
    /// (0: all): quick mode.
    public var fitLimit: Int
    public var validationLimit: Int
    public var testLimit: Int

    /// τ = 0, 0.25, …, 3: from no adjustment to three times Menon et al.'s τ = 1.
    static let tauGrid = (0...12).map { Double($0) / 4 }

    public static let full = FairnessBudget(
        rareClasses: [6, 1], keepFractions: [0.02, 0.05, 0.2], seeds: [0, 1, 2], epochs: 1, batchSize: 64,
        learningRate: 0.001, tauGrid: tauGrid, fitLimit: 0, validationLimit: 0, testLimit: 0)

    /// CI's check of the machinery (not results): Shirt at 5% and 20% of the first 1,280 fit images' (6 and 26 of
    /// 128), one seed, one epoch of 20 steps, 500 validation and 1,000 test images.
    public static let quick = FairnessBudget(
        rareClasses: [6], keepFractions: [0.05, 0.2], seeds: [0], epochs: 1, batchSize: 64, learningRate: 0.001,
        tauGrid: tauGrid, fitLimit: 1_280, validationLimit: 500, testLimit: 1_000)
}
