import Foundation
import Datasets
import DeepLearning
import Training

/// §4.4's race: the same logistic-regression classifier, z = w·x + b on 28×28 = 784 pixels, trained on two
/// Fashion-MNIST classes once with the binary cross-entropy on the logit and once with the MSE on σ(z), from the
/// same confidently wrong start, with the same optimizer (plain SGD, so that no per-coordinate rescaling hides
/// the size of the gradients), the same batches in the same order.
public enum LossRace {
    public enum Loss: String, Sendable, CaseIterable {
        case binaryCrossEntropy = "BCE"
        case meanSquaredError = "MSE"
    }

    public struct Configuration: Sendable {
        /// Trouser (1) and Bag (8): an easy pair that a linear model separates to ~99%, so that how fast each loss
        /// escapes the bad start is the only difference between the runs.
        public var classes = (negative: 1, positive: 8)
        public var learningRate = 0.1
        public var batchSize = 64
        public var epochs = 10
        public var seed: UInt64 = 44
        /// The median |z| of the start over the training images: σ(−5) = 0.7% for the true class.
        public var startConfidence: Float = 5
        /// "Escaped" = test accuracy at least this.
        public var escapeAccuracy = 0.9
        public init() {}
    }

    /// Two classes of Fashion-MNIST as features in [0, 1] (`count × 784`) and targets 0/1, negatives first.
    public struct Task: Sendable {
        public var classNames: (negative: String, positive: String)
        public var train: Split
        public var test: Split

        public struct Split: Sendable {
            public var features: [Float]
            public var targets: [Float]
            public var count: Int { targets.count }
            public var negatives: Int { targets.firstIndex(of: 1) ?? targets.count }
        }
    }

    public static let featureCount = 28 * 28

    public static func task(train: LabeledImages, test: LabeledImages, classes: (negative: Int, positive: Int)) -> Task {
        func split(_ images: LabeledImages) -> Task.Split {
            var bytes: [UInt8] = []
            var targets: [Float] = []
            for (label, target) in [(classes.negative, Float(0)), (classes.positive, 1)] {
                for index in images.labels.indices where images.labels[index] == label {
                    bytes += images.imageBytes(at: index)
                    targets.append(target)
                }
            }
            let subset = LabeledImages(width: images.width, height: images.height, channels: images.channels,
                                       pixels: bytes, labels: targets.map { Int($0) }, classNames: ["0", "1"])
            return Task.Split(features: subset.tensor(0..<subset.count).scalars, targets: targets)
        }
        return Task(classNames: (train.classNames[classes.negative], train.classNames[classes.positive]),
                    train: split(train), test: split(test))
    }

    /// The start: w = −a·(μ₊ − μ₋), b = a·m·(μ₊ − μ₋) with m = (μ₊ + μ₋)/2, i.e. z = −a·(x − m)·(μ₊ − μ₋): the
    /// mirror image of the nearest-class-mean classifier, scaled so that the median |z| is `confidence`.
    public static func confidentlyWrongStart(_ task: Task, confidence: Float) -> (weight: [Float], bias: Float) {
        let n = featureCount, train = task.train
        let negatives = train.negatives, positives = train.count - negatives
        var negativeMean = [Float](repeating: 0, count: n), positiveMean = [Float](repeating: 0, count: n)
        gemm(transposeA: true, m: n, n: 1, k: negatives, alpha: 1 / Float(negatives),
             Array(train.features[0..<negatives * n]), [Float](repeating: 1, count: negatives), into: &negativeMean)
        gemm(transposeA: true, m: n, n: 1, k: positives, alpha: 1 / Float(positives),
             Array(train.features[negatives * n..<train.count * n]), [Float](repeating: 1, count: positives),
             into: &positiveMean)
        let direction = zip(positiveMean, negativeMean).map { $0 - $1 }
        let midpoint = zip(positiveMean, negativeMean).map { ($0 + $1) / 2 }
        let offset = zip(midpoint, direction).map(*).reduce(0, +)
        var projections = [Float](repeating: 0, count: train.count)
        gemm(m: train.count, n: 1, k: n, train.features, direction, into: &projections)
        let distances = projections.map { abs($0 - offset) }.sorted()
        let scale = confidence / distances[distances.count / 2]
        return (direction.map { -scale * $0 }, scale * offset)
    }

    /// What one run measured.
    public struct History: Sendable {
        public var loss: Loss
        /// Index e: after e epochs (0 = the start), on the whole training set.
        public var trainBinaryCrossEntropy: [Double] = []
        public var trainSquaredError: [Double] = []
        public var trainAccuracy: [Double] = []
        public var testAccuracy: [Double] = []
        /// Index s: test accuracy after s SGD steps (0 = the start).
        public var testAccuracyPerStep: [Double] = []
        public var stepsPerEpoch = 0

        /// The first step after which the test accuracy reached `accuracy`; nil if it never did.
        public func escapeStep(accuracy: Double) -> Int? { testAccuracyPerStep.firstIndex { $0 >= accuracy } }
    }

    /// The mean BCE, mean squared error of σ(z), and accuracy of `weight`, `bias` on a split.
    /// `logits` is a reused buffer of the split's count.
    static func evaluate(weight: [Float], bias: Float, on split: Task.Split, logits: inout [Float])
        -> (binaryCrossEntropy: Double, squaredError: Double, accuracy: Double) {
        gemm(m: split.count, n: 1, k: featureCount, split.features, weight, into: &logits)
        var bce = 0.0, squared = 0.0, correct = 0
        for (logit, target) in zip(logits, split.targets) {
            let z = Double(logit + bias), y = Double(target)
            bce += max(z, 0) - z * y + log1p(exp(-abs(z)))
            let p = Losses.sigmoid(z)
            squared += (p - y) * (p - y)
            if (z > 0) == (y == 1) { correct += 1 }
        }
        let count = Double(split.count)
        return (bce / count, squared / count, Double(correct) / count)
    }

    /// Trains one classifier from `start` with `loss`; every epoch reshuffles with the configuration's seed, so
    /// both losses see the same batches in the same order.
    public static func train(_ task: Task, from start: (weight: [Float], bias: Float), loss: Loss,
                             _ configuration: Configuration) throws -> History {
        var generator = RandomGenerator(seed: configuration.seed)
        let layer = Linear<Float>(name: "classifier", inputFeatures: featureCount, outputFeatures: 1, generator: &generator)
        layer.weight.value = Tensor(shape: [1, featureCount], scalars: start.weight)
        layer.bias!.value = Tensor(shape: [1], scalars: [start.bias])
        layer.needsInputGradient = false
        let optimizer = try SGD(ParameterStore(layer), learningRate: configuration.learningRate)
        let batches = ShuffledFeatures(task.train, batchSize: configuration.batchSize, generator: generator)

        var history = History(loss: loss)
        var trainLogits = [Float](repeating: 0, count: task.train.count)
        var testLogits = [Float](repeating: 0, count: task.test.count)
        func record() {
            let train = evaluate(weight: layer.weight.value.scalars, bias: layer.bias!.values[0], on: task.train, logits: &trainLogits)
            let test = evaluate(weight: layer.weight.value.scalars, bias: layer.bias!.values[0], on: task.test, logits: &testLogits)
            history.trainBinaryCrossEntropy.append(train.binaryCrossEntropy)
            history.trainSquaredError.append(train.squaredError)
            history.trainAccuracy.append(train.accuracy)
            history.testAccuracy.append(test.accuracy)
        }
        record()
        history.testAccuracyPerStep.append(history.testAccuracy[0])
        // After every SGD step the test accuracy; after every epoch the whole record.
        let callbacks: [any TrainingCallback] = [
            StepEnd { _ in
                let test = evaluate(weight: layer.weight.value.scalars, bias: layer.bias!.values[0], on: task.test,
                                    logits: &testLogits)
                history.testAccuracyPerStep.append(test.accuracy)
            },
            EpochEnd { _ in record() },
        ]
        switch loss {
        case .binaryCrossEntropy:
            try Trainer(model: layer, loss: BCEWithLogitsLoss<Float>(), optimizer: optimizer, callbacks: callbacks)
                .fit(batches, epochs: 0..<configuration.epochs)
        case .meanSquaredError:
            try Trainer(model: layer, loss: SigmoidSquaredError(), optimizer: optimizer, callbacks: callbacks)
                .fit(batches, epochs: 0..<configuration.epochs)
        }
        history.stepsPerEpoch = (task.train.count + configuration.batchSize - 1) / configuration.batchSize
        return history
    }
}

/// The mean squared error of σ(z) against 0/1 targets, as a loss on the logits z: L = (1/N) Σ (σ(z) − y)², whose
/// gradient ∂L/∂z = ∂L/∂p · σ(z)(1 − σ(z)) carries the factor that starves confident mistakes.
final class SigmoidSquaredError: LossFunction {
    private let squaredError = MSELoss<Float>()
    private var probabilities = Tensor<Float>(shape: [0])
    private var logitGradient = Tensor<Float>(shape: [0])

    func loss(_ logits: Tensor<Float>, _ targets: Tensor<Float>) throws -> LossResult<Float> {
        if probabilities.shape != logits.shape { (probabilities, logitGradient) = (Tensor(shape: logits.shape), Tensor(shape: logits.shape)) }
        for k in 0..<logits.count { probabilities.scalars[k] = Float(Losses.sigmoid(Double(logits.scalars[k]))) }
        let result = try squaredError(probabilities, targets)
        for k in 0..<logits.count {
            let p = probabilities.scalars[k]
            logitGradient.scalars[k] = result.gradient.scalars[k] * p * (1 - p)
        }
        return LossResult(value: result.value, gradient: logitGradient)
    }
}

/// The race's batches: the training split in a new order every epoch (Fisher–Yates with one generator that runs
/// on from epoch to epoch, so the two losses, each given a copy, see the same batches), features [n, 784] and
/// targets [n, 1]. Epochs must be asked for in order.
final class ShuffledFeatures: BatchSource {
    struct Batch: TrainingBatch {
        var inputs: Tensor<Float>
        var targets: Tensor<Float>
    }
    final class Batches: EpochBatches {
        private let source: ShuffledFeatures
        private var first = 0
        init(_ source: ShuffledFeatures) { self.source = source }
        func next() throws -> Batch? { source.batch(startingAt: &first) }
    }

    private let split: LossRace.Task.Split
    private let batchSize: Int
    private var generator: RandomGenerator
    private var order: [Int]
    private var batch: Batch

    init(_ split: LossRace.Task.Split, batchSize: Int, generator: RandomGenerator) {
        self.split = split
        self.batchSize = batchSize
        self.generator = generator
        order = Array(0..<split.count)
        batch = Batch(inputs: Tensor(shape: [batchSize, LossRace.featureCount]), targets: Tensor(shape: [batchSize, 1]))
    }

    var batchesPerEpoch: Int { (split.count + batchSize - 1) / batchSize }

    func batches(epoch _: Int) -> Batches {
        generator.shuffle(&order)
        return Batches(self)
    }

    /// The batch of the positions from `first` on, or nil at the end of the epoch; advances `first`.
    fileprivate func batch(startingAt first: inout Int) -> Batch? {
        guard first < order.count else { return nil }
        let size = min(batchSize, order.count - first), n = LossRace.featureCount
        if batch.inputs.shape[0] != size {  // the last, shorter batch of an epoch
            batch = Batch(inputs: Tensor(shape: [size, n]), targets: Tensor(shape: [size, 1]))
        }
        for row in 0..<size {
            let sample = order[first + row]
            batch.inputs.scalars[row * n..<(row + 1) * n] = split.features[sample * n..<(sample + 1) * n]
            batch.targets.scalars[row] = split.targets[sample]
        }
        first += size
        return batch
    }
}
