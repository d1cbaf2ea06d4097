import Datasets
import DeepLearning
import Training

/// The article's recipe (§5.2.3) on our engine: `Sequential.articleCNN` sized to the images, `CrossEntropyLoss`,
/// Adam, a shuffled `DataLoader` that normalises every input and prepares the batches on a background thread,
/// trained by the general `Trainer` (whose step is the article's six-line loop body). §5.3.3's recipes change
/// what the defaults keep as the article has them: the model (`build`), AdamW's weight decay, the learning-rate
/// schedule and label smoothing.
///
/// Randomness (seeded): the weights draw from `RandomGenerator(seed: seed, stream: weightStream)`, epoch e's
/// shuffle from stream e of the loader (see `DataLoader`). Same seed, same build, same thread count: bit-for-bit
/// the same losses.
public final class CNNTrainer {
    /// The generator stream of the initial weights, far from the loader's per-epoch streams 0, 1, 2, ….
    public static let weightStream: UInt64 = 1 << 62
    /// Batch size of evaluation passes (forward only, no shuffle): a fixed size, so that a reloaded model
    /// computes exactly the same logits. The training batch size of the article's recipe, because the layers keep
    /// their buffers at the largest batch they have seen: batches of 1,000 took the process from about 200 MiB to
    /// 1.2 GiB.
    public static let evaluationBatchSize = 64

    public let model: Sequential<Float>
    /// The normalisation of every input (the fit set's own statistics).
    public let normalization: InputNormalization
    /// [channels, height, width] of one input image.
    public let inputShape: [Int]
    public let classNames: [String]
    public let optimizer: DeepLearning.Adam<Float>
    /// The loop; add callbacks (progress, per-epoch evaluation) to `trainer.callbacks`.
    public let trainer: Trainer<CrossEntropyLoss<Float>>
    /// The fit set's shuffled loader (`bench epochs` wraps it to time the waits in its `next()`).
    public let fitLoader: DataLoader<LabeledImages>

    /// Builds a model for [channels, height, width] images of `classes` classes from the weight generator.
    public typealias ModelBuilder = (_ inputShape: [Int], _ classes: Int, _ generator: inout RandomGenerator) -> Sequential<Float>

    /// A fresh model for `fit`'s images, normalised with `normalization` (`fit`'s own statistics when nil), the
    /// fit batches augmented by `augmentation` on `producers` threads. `build` makes the model (the article's CNN
    /// by default); a `weightDecay` trains with AdamW (decoupled decay λ) instead of Adam; `schedule` sets each
    /// step's learning rate; `labelSmoothing` is CrossEntropyLoss's ε and `classWeights` its `weight` (one per class,
    /// nil: unweighted); a `maximumGradientNorm` clips the global gradient norm to it (`GradientClipping`) after the
    /// divergence check. A `sampler` orders every fit epoch in place of the shuffle (`ClassOversampler`).
    public init(fit: LabeledImages, seed: UInt64, batchSize: Int, learningRate: Double,
                normalization: InputNormalization? = nil, augmentation: [any Augmentation] = [],
                producers: Int = 1, build: ModelBuilder = CNNTrainer.articleCNN, weightDecay: Double? = nil,
                schedule: LearningRateSchedule = .constant, labelSmoothing: Double = 0, classWeights: [Float]? = nil,
                maximumGradientNorm: Double? = nil, sampler: (any EpochSampler)? = nil) throws {
        let normalization = try normalization ?? InputNormalization(ChannelStatistics(of: fit))
        self.normalization = normalization
        inputShape = [fit.channels, fit.height, fit.width]
        classNames = fit.classNames
        var generator = RandomGenerator(seed: seed, stream: Self.weightStream)
        model = build(inputShape, fit.classNames.count, &generator)
        let store = ParameterStore(model)
        optimizer = try weightDecay.map { try AdamW(store, learningRate: learningRate, weightDecay: $0) }
            ?? DeepLearning.Adam(store, learningRate: learningRate)
        trainer = try Trainer(model: model, loss: CrossEntropyLoss(weight: classWeights, labelSmoothing: labelSmoothing),
                              optimizer: optimizer, schedule: schedule,
                              // A diverged run (a non-finite loss or gradient) stops with one line, not on NaN.
                              // It looks at the gradients backward left, before clipping scales them (a clipped
                              // NaN is NaN everywhere, and would hide the layer where it began).
                              callbacks: [DivergenceGuard()] + (maximumGradientNorm.map { [GradientClipping(maxNorm: $0)] } ?? []))
        fitLoader = DataLoader(fit, batchSize: batchSize, shuffle: sampler == nil, augmentation: augmentation,
                               normalization: normalization, seed: seed, producers: producers, sampler: sampler)
    }

    /// The article's CNN with fc1 sized to the feature map: 128 channels of ⌊⌊H/2⌋/2⌋ × ⌊⌊W/2⌋/2⌋.
    public static func model(inputShape: [Int], classes: Int, generator: inout RandomGenerator) -> Sequential<Float> {
        articleCNN(inputShape, classes, &generator)
    }

    /// `model(inputShape:classes:generator:)` as a `ModelBuilder`.
    public static func articleCNN(_ inputShape: [Int], _ classes: Int, _ generator: inout RandomGenerator) -> Sequential<Float> {
        Sequential.articleCNN(inputChannels: inputShape[0],
                              fc1InputFeatures: 128 * (inputShape[1] / 4) * (inputShape[2] / 4),
                              classes: classes, generator: &generator)
    }

    public var batchesPerEpoch: Int { fitLoader.batchesPerEpoch }
    public var batchSize: Int { fitLoader.batchSize }
    public var fitCount: Int { fitLoader.dataset.count }

    /// Shows a progress bar for every epoch (loss, images/s, ETA), labelled by `label(epoch)`.
    public func showProgress(_ label: @escaping (Int) -> String) {
        trainer.callbacks.append(ProgressDisplay(unitsPerStep: batchSize, label: label))
    }

    /// One pass over the fit set (epoch counts from 0), or its first `maximumSteps` batches. Returns the loss of
    /// every step, in order.
    public func trainEpoch(_ epoch: Int, maximumSteps: Int = .max) throws -> [Float] {
        try trainer.trainEpoch(fitLoader, epoch: epoch, maximumSteps: maximumSteps)
    }

    /// The predicted class of every image (evaluation mode, batches of `evaluationBatchSize`, in order).
    public func predict(_ images: LabeledImages) throws -> [Int] {
        try Self.predict(model, images, normalization: normalization)
    }

    /// The predicted class of every image by `model`, its inputs normalised with `normalization`.
    public static func predict(_ model: Sequential<Float>, _ images: LabeledImages,
                               normalization: InputNormalization) throws -> [Int] {
        try predictedClasses(of: model, on: DataLoader(images, batchSize: evaluationBatchSize,
                                                       normalization: normalization))
    }

    /// The logits of every image ([images, classes]; evaluation mode, batches of `evaluationBatchSize`, in order).
    public func logits(_ images: LabeledImages) throws -> Tensor<Float> {
        try modelOutputs(of: model, on: DataLoader(images, batchSize: Self.evaluationBatchSize, normalization: normalization))
    }
}

extension CNNTrainer {
    /// The predicted class of every image by the flip-averaged softmax (test-time augmentation,
    /// `flipAveragedPredictedClasses`), batches of `evaluationBatchSize`, in order.
    public func predictWithFlip(_ images: LabeledImages) throws -> [Int] {
        try flipAveragedPredictedClasses(of: model, on: DataLoader(images, batchSize: Self.evaluationBatchSize,
                                                                   normalization: normalization))
    }
}
