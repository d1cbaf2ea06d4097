import Foundation
import Datasets
import DeepLearning
import Training

/// One recipe of §5.3.3's ablation: what a row of the table trains. Everything a run depends on except the seed and
/// the thread count; recorded as the run's parameters, and compared with the row's current recipe when a record is
/// read back (a record of an older recipe is not a result of this one).
///
/// The defaults are §5.2.3's recipe: the article's CNN, no augmentation, a constant learning rate, Adam 0.001,
/// plain cross-entropy, batch 64, 10 epochs.
public struct ImprovementRecipe: Equatable, Sendable, CustomStringConvertible {
    public enum Model: String, CaseIterable, Sendable {
        /// The article's CNN (878,730 parameters).
        case cnn
        /// `Sequential.smallResNet` (174,970 parameters).
        case resnet
        /// `Sequential.denseNetBC`, DenseNet-BC-40 with growth rate 12 (175,690 parameters).
        case densenet
        /// `Sequential.smallViT`, the small Vision Transformer (305,034 parameters).
        case vit
        /// The small ViT at dimension 48 (173,482 parameters): the ResNet's parameter count within 1%, for §9.1's
        /// comparison at equal parameters (`Sequential.narrowViT`).
        case vitNarrow = "vit-narrow"
    }

    public enum Schedule: String, CaseIterable, Sendable {
        case constant
        /// Linear warm-up from 0.1·α over the first epoch, then cosine to 0 at the last step.
        case warmupCosine = "warmup-cosine"
        /// PyTorch's OneCycleLR with its defaults over the whole run (α is the peak; Adam's β₁ cycles 0.95→0.85).
        case oneCycle = "one-cycle"
    }

    public var model = Model.cnn
    /// Applied in this order, before the normalisation.
    public var augmentation: [TrainingAugmentation] = []
    public var schedule = Schedule.constant
    /// AdamW's decoupled weight decay λ; nil: Adam.
    public var weightDecay: Double?
    /// CrossEntropyLoss's ε.
    public var labelSmoothing = 0.0
    /// Test accuracy from the softmax average over each test image and its mirror image.
    public var testTimeAugmentation = false
    public var epochs = 10
    public var batchSize = 64
    /// α (one-cycle: the peak).
    public var learningRate = 0.001
    /// 0: every fit image. n: a stratified subset of n fit images (n/10 of every class, drawn for the run's seed as
    /// §9.2 draws its nested subsets), repeated so that an epoch still has as many images as the whole fit set: the
    /// same steps per epoch, the same schedule, the same training time; only the data differs (§9.1's curves).
    public var fitSubset = 0

    public init() {}

    /// The images a run trains on: `fit` itself, or (`fitSubset` > 0) the seed's stratified subset of `fit`,
    /// each image repeated ⌊fit.count / fitSubset⌋ times (55,000 / 1,000 = 55: an epoch of exactly 55,000).
    public func trainingImages(from fit: LabeledImages, seed: UInt64) throws -> LabeledImages {
        guard fitSubset > 0 else { return fit }
        guard fitSubset <= fit.count else {
            throw OptionError("a fit subset of \(fitSubset) images needs at least as many fit images, got \(fit.count)")
        }
        let subset = try DataSizeExperiment.stratifiedSubset(of: fit, size: fitSubset, seed: Int(seed))
        let repeats = fit.count / fitSubset
        return subset.subset(Array((0..<repeats).map { _ in Array(0..<fitSubset) }.joined()))
    }

    /// The schedule for a run of `epochs` × `stepsPerEpoch` optimizer steps.
    public func learningRateSchedule(stepsPerEpoch: Int) -> LearningRateSchedule {
        let total = epochs * stepsPerEpoch
        switch schedule {
        case .constant: return .constant
        case .warmupCosine: return .warmupCosine(warmupSteps: stepsPerEpoch, totalSteps: total, startFactor: 0.1)
        case .oneCycle: return .oneCycle(totalSteps: total)
        }
    }

    /// The model's builder (all four draw their weights from the trainer's weight generator).
    public var builder: CNNTrainer.ModelBuilder {
        switch model {
        case .cnn: CNNTrainer.articleCNN
        case .resnet: { shape, classes, generator in
            Sequential.smallResNet(inputChannels: shape[0], classes: classes, generator: &generator) }
        case .densenet: { shape, classes, generator in
            Sequential.denseNetBC(inputChannels: shape[0], classes: classes, generator: &generator) }
        case .vit: { shape, classes, generator in
            Sequential.smallViT(inputChannels: shape[0], classes: classes, generator: &generator) }
        case .vitNarrow: { shape, classes, generator in
            Sequential.narrowViT(inputChannels: shape[0], classes: classes, generator: &generator) }
        }
    }

    /// A trainer of this recipe for `fit` (normalised with its own statistics), from `seed`.
    public func trainer(fit: LabeledImages, seed: UInt64, producers: Int) throws -> CNNTrainer {
        let normalization = try InputNormalization(ChannelStatistics(of: fit))
        let stages = augmentation.map { $0.stage(height: fit.height, width: fit.width, normalization: normalization) }
        let stepsPerEpoch = (fit.count + batchSize - 1) / batchSize
        return try CNNTrainer(fit: fit, seed: seed, batchSize: batchSize, learningRate: learningRate,
                              normalization: normalization, augmentation: stages, producers: producers,
                              build: builder, weightDecay: weightDecay,
                              schedule: learningRateSchedule(stepsPerEpoch: stepsPerEpoch),
                              labelSmoothing: labelSmoothing)
    }

    /// "resnet, crop+flip, warmup-cosine, AdamW λ 0.05, ε 0.1, TTA, 15 epochs × batch 64, lr 0.002".
    public var description: String {
        var parts = [model.rawValue, augmentation.isEmpty ? "no augmentation" : augmentation.map(\.rawValue).joined(separator: "+"),
                     schedule.rawValue, weightDecay.map { "AdamW λ \(format($0))" } ?? "Adam"]
        if labelSmoothing > 0 { parts.append("label smoothing \(format(labelSmoothing))") }
        if testTimeAugmentation { parts.append("flip TTA") }
        if fitSubset > 0 { parts.append("\(fitSubset) fit images repeated") }
        parts.append("\(epochs) epochs × batch \(batchSize), lr \(format(learningRate))")
        return parts.joined(separator: ", ")
    }

    /// The recipe as a run record's parameters (and as the PyTorch twin's `recipe` object: the same keys).
    public var recordParameters: [String: RecordValue] {
        [
            "model": .text(model.rawValue), "augmentation": .list(augmentation.map { .text($0.rawValue) }),
            "schedule": .text(schedule.rawValue), "weight decay": .number(weightDecay ?? 0),
            "optimizer": .text(weightDecay == nil ? "Adam" : "AdamW"), "label smoothing": .number(labelSmoothing),
            "test-time augmentation": .flag(testTimeAugmentation), "epochs": .integer(epochs),
            "batch size": .integer(batchSize), "learning rate": .number(learningRate),
            "fit subset": .integer(fitSubset),
        ]
    }

    /// The recipe a record's parameters describe, or nil when one is missing or unknown.
    public init?(recordParameters parameters: [String: RecordValue]) {
        guard case .text(let model)? = parameters["model"], let model = Model(rawValue: model),
              case .list(let augmentation)? = parameters["augmentation"],
              case .text(let schedule)? = parameters["schedule"], let schedule = Schedule(rawValue: schedule),
              case .text(let optimizer)? = parameters["optimizer"],
              case .flag(let tta)? = parameters["test-time augmentation"],
              case .integer(let epochs)? = parameters["epochs"], case .integer(let batchSize)? = parameters["batch size"],
              let weightDecay = parameters["weight decay"]?.numberValue,
              let smoothing = parameters["label smoothing"]?.numberValue,
              let learningRate = parameters["learning rate"]?.numberValue
        else { return nil }
        let stages = augmentation.compactMap { value -> TrainingAugmentation? in
            guard case .text(let name) = value else { return nil }
            return TrainingAugmentation(rawValue: name)
        }
        guard stages.count == augmentation.count else { return nil }
        self.init()
        (self.model, self.augmentation, self.schedule) = (model, stages, schedule)
        self.weightDecay = optimizer == "AdamW" ? weightDecay : nil
        (labelSmoothing, testTimeAugmentation) = (smoothing, tta)
        (self.epochs, self.batchSize, self.learningRate) = (epochs, batchSize, learningRate)
        switch parameters["fit subset"] {
        case nil: fitSubset = 0  // a record made before subsets existed: every fit image
        case .integer(let subset)?: fitSubset = subset
        default: return nil
        }
    }
}

extension RecordValue {
    /// A number or an integer as a Double (JSON does not keep 0.0 apart from 0).
    var numberValue: Double? {
        switch self {
        case .number(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
}
