import DeepLearning

/// What the training loop knows at each point of a run, handed to every callback. A class, because callbacks
/// talk through it: a validation callback adds its metrics, early stopping reads them a moment later.
public final class TrainingState {
    public let model: any Layer<Float>
    public let optimizer: any Optimizer<Float>
    /// The optimizer's parameter store: every gradient in one buffer (`store.gradients`) after backward.
    public var store: ParameterStore<Float> { optimizer.store }

    /// The epoch being trained (0-based; an epoch's index also picks its shuffle).
    public internal(set) var epoch = 0
    /// Steps done in this epoch, and how many it will take.
    public internal(set) var step = 0
    public internal(set) var stepsInEpoch = 0
    /// Optimizer steps since the run began, skipped ones included: the learning-rate schedule's clock.
    public internal(set) var globalStep = 0
    /// The loss of the latest step. The trainer sets it to the batch's loss; an after-backward hook may replace
    /// it (a data-parallel callback: by the mean over the global batch), and the epoch's losses record that.
    public var loss: Float = 0
    /// The samples of the latest batch, and of the global batch it is a shard of (the same when not sharded).
    public internal(set) var batchSize = 0
    public internal(set) var globalBatchSize = 0
    /// Every step loss of this epoch so far, in order (room reserved at the epoch's start).
    public internal(set) var epochLosses: [Float] = []
    /// Wall-clock seconds of this epoch's training steps (validation and other epoch-end work excluded).
    public internal(set) var epochSeconds = 0.0
    /// Steps whose update a callback skipped (e.g. a loss scaler that saw inf), over the whole run.
    public internal(set) var skippedSteps = 0
    /// The learning rate the latest step used.
    public var learningRate: Double { optimizer.learningRate }
    /// The epoch's numbers, by name: the trainer puts "train loss" (the mean step loss); callbacks add theirs
    /// ("validation loss", "validation accuracy", …). Cleared when an epoch begins.
    public var metrics: [String: Double] = [:]

    init(model: any Layer<Float>, optimizer: any Optimizer<Float>) {
        self.model = model
        self.optimizer = optimizer
    }

    /// The mean of this epoch's step losses so far, in Double.
    public var meanEpochLoss: Double {
        epochLosses.isEmpty ? .nan : epochLosses.reduce(0.0) { $0 + Double($1) } / Double(epochLosses.count)
    }
}
