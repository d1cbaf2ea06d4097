/// Everything that sets the cost and the recipe of the §9.2 learning curve, declared before any run; results made
/// under another budget are not read back as this one's.
///
/// The recipe is §5.2.3's baseline unchanged (the article's CNN, Adam 0.001, batch 64, the subset's own
/// normalisation statistics, no augmentation, the last epoch's weights); only the training length depends on the
/// fit-set size n: **10 epochs, but at least 1,500 steps**. Ten epochs is the baseline's own length, so the 55,000-image
/// point is the recorded §5.2.3 runs themselves (Plots/5.2.3-training/seeds/, the same seeds). A fixed number of
/// epochs alone would give 500 images 80 Adam updates, and the curve would then measure an unfinished optimisation
/// instead of how much the data teaches; 1,500 updates is ≥ 188 passes over 500 images and 19 over 5,000, far past
/// the point where training accuracy saturates, while 10,000 images and more train their 10 epochs (1,570 and 3,130
/// steps). Whether the length sufficed is checked, not assumed: each run's test accuracy is measured at half its
/// epochs too, and the chapter prints both.
///
/// Full budget (Plots/9.2-data-size/PLAN.md): n = 500, 1k, 2k, 5k, 10k, 20k (stratified: n/10 of every class) ×
/// seeds 0, 1, 2 = 18 runs. Per seed 188, 94, 47, 19, 10 and 10 epochs: 3 × 1,504 + 1,501 + 1,570 + 3,130 = 10,713
/// steps, 677,000 images; 2.03 M images in all, ≈ 50 minutes at the CNN's ~680 training images/s on 2 cores (AMD
/// Zen 3), plus 36 passes over the 10,000 test images.
public struct DataSizeBudget: Codable, Equatable, Sendable {
    /// Fit-set sizes, each a multiple of the 10 classes.
    public var sizes: [Int]
    /// The seeds of the subsets' draws, the initial weights and the shuffle, declared before any run.
    public var seeds: [Int]
    public var epochs: Int
    public var minimumSteps: Int
    public var batchSize: Int
    public var learningRate: Double
    /// The first `testLimit` test images only (0: all 10,000): quick mode.
    public var testLimit: Int

    public static let full = DataSizeBudget(sizes: [500, 1_000, 2_000, 5_000, 10_000, 20_000], seeds: [0, 1, 2],
                                            epochs: 10, minimumSteps: 1_500, batchSize: 64, learningRate: 0.001,
                                            testLimit: 0)

    /// CI's check of the machinery (not results): two small sizes, one seed, a few steps, 500 test images.
    public static let quick = DataSizeBudget(sizes: [100, 200], seeds: [0], epochs: 1, minimumSteps: 6, batchSize: 64,
                                             learningRate: 0.001, testLimit: 500)

    /// The size the recorded §5.2.3 runs trained on: every fit image.
    public static let wholeFitSet = 55_000

    /// Batches of one epoch over `images` images (the last one short).
    public func batchesPerEpoch(images: Int) -> Int { (images + batchSize - 1) / batchSize }

    /// Epochs of a run on `images` images: `epochs`, or more when that is fewer than `minimumSteps` steps.
    public func epochs(images: Int) -> Int {
        let batches = batchesPerEpoch(images: images)
        return max(epochs, (minimumSteps + batches - 1) / batches)
    }

    public func steps(images: Int) -> Int { epochs(images: images) * batchesPerEpoch(images: images) }
}
