/// Everything that sets the cost and the recipe of the §4.3 runs, declared before any run; a record made under
/// another budget is not read back as this one's.
///
/// Full budget (`workbook fine-tuning --train`, planned at ≤ 20 minutes on 2 cores from the committed §5.2.3
/// baseline's 1,310 training images/s for the CNN at 28 px; Plots/4.3-fine-tuning/PLAN.md): pre-training 1 epoch
/// over the 220,000 rotated fit images (3,438 steps of 64, ≈ 3 min; a timing run on 2,000 images reached 90.5%
/// pretext accuracy on held-out rotations after 125 steps) and 3 epochs over the 27,5xx images of classes 0–4
/// (≈ 1,290 steps, ≈ 1 min); each fine-tuning run trains max(100 steps, 2 epochs) of its k·classes images, in
/// batches of min(64, k·classes): at least 100 Adam updates even for 10 images, and two passes over the 10,000 or
/// 5,000 images at k = 1,000 (a fixed number of passes would give k = 1 one update). Adam 0.001 as §5.2.3, for the
/// body and the new head alike. 2 readings × 4 methods × 5 k × 3 seeds = 120 runs, each evaluated once on the test
/// images of its task.
public struct FineTuningBudget: Codable, Equatable, Sendable {
    /// Images per class of the downstream task.
    public var ks: [Int]
    /// The seeds of the k-image draws, the new head and the shuffle, declared before any run.
    public var seeds: [Int]
    /// Epochs of pre-training, per reading.
    public var selfSupervisedEpochs: Int
    public var supervisedEpochs: Int
    /// The first `pretrainingFitLimit` fit images only (0: all 55,000): quick mode.
    public var pretrainingFitLimit: Int
    public var minimumSteps: Int
    public var minimumEpochs: Int
    public var batchSize: Int
    public var learningRate: Double
    /// The first `testLimit` test images of the task only (0: all): quick mode.
    public var testLimit: Int
    /// The seed of the pre-training (weights and shuffle).
    public var pretrainingSeed: Int

    public static let full = FineTuningBudget(
        ks: [1, 5, 20, 100, 1000], seeds: [0, 1, 2], selfSupervisedEpochs: 1, supervisedEpochs: 3,
        pretrainingFitLimit: 0, minimumSteps: 100, minimumEpochs: 2, batchSize: 64, learningRate: 0.001,
        testLimit: 0, pretrainingSeed: 0)

    /// CI's check of the machinery (not results): pre-training on 500 fit images, k = 1 and 5, one seed, 5 steps,
    /// 200 test images.
    public static let quick = FineTuningBudget(
        ks: [1, 5], seeds: [0], selfSupervisedEpochs: 1, supervisedEpochs: 1, pretrainingFitLimit: 500,
        minimumSteps: 5, minimumEpochs: 1, batchSize: 64, learningRate: 0.001, testLimit: 200, pretrainingSeed: 0)

    public func pretrainingEpochs(_ reading: FineTuningReading) -> Int {
        reading == .selfSupervised ? selfSupervisedEpochs : supervisedEpochs
    }

    /// The fine-tuning batch for `images` training images: the whole set when it is smaller than a batch.
    public func batchSize(images: Int) -> Int { min(batchSize, images) }

    /// Epochs of a fine-tuning run on `images` images: enough for `minimumSteps` steps and `minimumEpochs` passes.
    public func epochs(images: Int) -> Int {
        let batches = (images + batchSize(images: images) - 1) / batchSize(images: images)
        return max(minimumEpochs, (minimumSteps + batches - 1) / batches)
    }

    /// What made the pre-trained weights of `reading` (the safetensors metadata that decides whether they are reused).
    public func pretrainingRecipe(_ reading: FineTuningReading) -> String {
        "\(reading.rawValue): article CNN, Adam \(learningRate), batch \(batchSize), \(pretrainingEpochs(reading)) epochs, "
            + "fit limit \(pretrainingFitLimit), seed \(pretrainingSeed)"
    }
}
