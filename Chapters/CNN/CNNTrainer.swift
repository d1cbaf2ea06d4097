import Datasets
import DeepLearning

/// The article's training loop (§5.2.3) on our engine: `Sequential.articleCNN` sized to the images,
/// `CrossEntropyLoss`, Adam, a shuffled `DataLoader` that normalises every input and prepares the batches on a
/// background thread.
///
///     for inputs, labels in train_loader:          while let batch = try batches.next() {
///         optimizer.zero_grad()                        optimizer.zeroGradients()
///         outputs = model(inputs)                      let logits = try model.forward(batch.images)
///         loss = criterion(outputs, labels)            let loss = try lossFunction(logits, targets: batch.labels)
///         loss.backward()                              _ = try model.backward(loss.gradient)
///         optimizer.step()                             optimizer.step()
///
/// Nothing in the loop allocates in steady state: the loader recycles its batches, every layer and the loss reuse
/// their buffers. Randomness (seeded): the weights draw from `RandomGenerator(seed: seed, stream: weightStream)`,
/// epoch e's shuffle from stream e of the loader (see `DataLoader`). Same seed, same build, same BLAS thread count:
/// bit-for-bit the same losses.
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
    private let lossFunction = CrossEntropyLoss<Float>()
    let fitLoader: DataLoader<LabeledImages>

    /// A fresh model for `fit`'s images, normalised with `normalization` (`fit`'s own statistics when nil).
    public init(fit: LabeledImages, seed: UInt64, batchSize: Int, learningRate: Double,
                normalization: InputNormalization? = nil) throws {
        let normalization = try normalization ?? InputNormalization(ChannelStatistics(of: fit))
        self.normalization = normalization
        inputShape = [fit.channels, fit.height, fit.width]
        classNames = fit.classNames
        var generator = RandomGenerator(seed: seed, stream: Self.weightStream)
        model = Self.model(inputShape: inputShape, classes: fit.classNames.count, generator: &generator)
        optimizer = try DeepLearning.Adam(parameters: model.parameters, learningRate: learningRate)
        fitLoader = DataLoader(fit, batchSize: batchSize, shuffle: true, normalization: normalization, seed: seed)
    }

    /// The article's CNN with fc1 sized to the feature map: 128 channels of ⌊⌊H/2⌋/2⌋ × ⌊⌊W/2⌋/2⌋.
    public static func model(inputShape: [Int], classes: Int, generator: inout RandomGenerator) -> Sequential<Float> {
        Sequential.articleCNN(inputChannels: inputShape[0],
                              fc1InputFeatures: 128 * (inputShape[1] / 4) * (inputShape[2] / 4),
                              classes: classes, generator: &generator)
    }

    public var batchesPerEpoch: Int { fitLoader.batchesPerEpoch }
    public var batchSize: Int { fitLoader.batchSize }
    public var fitCount: Int { fitLoader.dataset.count }

    /// One pass over the fit set (epoch counts from 0), or its first `maximumSteps` batches. Returns the loss of
    /// every step, in order; `onStep(done, total, loss)` is called after each step (for a progress bar).
    public func trainEpoch(_ epoch: Int, maximumSteps: Int = .max,
                           onStep: (Int, Int, Float) -> Void = { _, _, _ in }) throws -> [Float] {
        model.train()
        let steps = min(batchesPerEpoch, maximumSteps)
        var losses: [Float] = []
        losses.reserveCapacity(steps)
        let batches = fitLoader.batches(epoch: epoch)
        while losses.count < maximumSteps, let batch = try batches.next() {
            optimizer.zeroGradients()
            let logits = try model.forward(batch.images)
            let loss = try lossFunction(logits, targets: batch.labels)
            _ = try model.backward(loss.gradient)
            optimizer.step()
            losses.append(loss.value)
            onStep(losses.count, steps, loss.value)
        }
        return losses
    }

    /// The predicted class of every image (evaluation mode, batches of `evaluationBatchSize`, in order).
    public func predict(_ images: LabeledImages) throws -> [Int] {
        try Self.predict(model, images, normalization: normalization)
    }

    /// The predicted class of every image by `model`, its inputs normalised with `normalization`.
    public static func predict(_ model: Sequential<Float>, _ images: LabeledImages,
                               normalization: InputNormalization) throws -> [Int] {
        model.eval()
        defer { model.train() }
        let loader = DataLoader(images, batchSize: evaluationBatchSize, normalization: normalization)
        var predictions: [Int] = []
        predictions.reserveCapacity(images.count)
        let batches = loader.batches(epoch: 0)
        while let batch = try batches.next() {
            let logits = try model.forward(batch.images)
            predictions += argmaxOfRows(logits)
        }
        return predictions
    }

    /// The index of each row's largest logit (the first one on ties, as torch.max): [N, C] → N classes.
    static func argmaxOfRows(_ logits: Tensor<Float>) -> [Int] {
        let (rows, columns) = (logits.shape[0], logits.shape[1])
        return (0..<rows).map { row in
            var best = 0
            for column in 1..<columns where logits.scalars[row * columns + column] > logits.scalars[row * columns + best] {
                best = column
            }
            return best
        }
    }
}

/// The fraction of predictions equal to their labels.
public func accuracy(_ predictions: [Int], _ labels: [Int]) -> Double {
    precondition(predictions.count == labels.count && !labels.isEmpty, "accuracy: \(predictions.count) predictions for \(labels.count) labels")
    return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
}
