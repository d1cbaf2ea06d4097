import Datasets
import DeepLearning

/// One batch a training step can take: the model's inputs and the loss's targets.
public protocol TrainingBatch {
    associatedtype Target
    /// [N, …] inputs of the model.
    var inputs: Tensor<Float> { get }
    /// What the loss compares the outputs with: N class indices, or a tensor of the output's shape.
    var targets: Target { get }
    /// The samples of the global batch this one is a shard of (data-parallel training; N when not sharded):
    /// what a data-parallel step weights this rank's mean gradient by.
    var globalCount: Int { get }
}

extension TrainingBatch {
    public var globalCount: Int { inputs.shape[0] }
}

/// The batches of one epoch, handed out in order.
public protocol EpochBatches {
    associatedtype Batch: TrainingBatch
    /// The next batch, or nil after the last one.
    mutating func next() throws -> Batch?
}

/// Where a trainer gets its batches: epoch e's batches in order (a `DataLoader`, or any in-memory source).
public protocol BatchSource {
    associatedtype Batches: EpochBatches
    /// Batches per epoch (the last may be smaller).
    var batchesPerEpoch: Int { get }
    /// The batches of epoch `epoch` (0-based; the epoch picks the shuffle and the augmentation draws).
    func batches(epoch: Int) -> Batches
}

extension Batch: TrainingBatch {
    public var inputs: Tensor<Float> { images }
    public var targets: [Int] { labels }
}

extension BatchIterator: EpochBatches {}

extension DataLoader: BatchSource {}
