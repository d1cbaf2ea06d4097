import Foundation
import DeepLearning
import Training

/// Data-parallel training over MPI, as a trainer callback: PyTorch DDP's design in our words.
///
/// Every rank holds the whole model and trains on its shard of every global batch (the loader's `Shard`):
/// 1. before the first step (in `init`): the ranks check that they built the same model and see the same data
///    (fingerprints of the architecture and of the loader), rank 0's weights and buffers are broadcast, and a
///    fingerprint of the weights confirms that every rank now holds them: any mismatch is one clear error on every
///    rank, before anything trains;
/// 2. each step: before forward, this rank's share n_r/n of the global batch; during backward, the `GradientReducer`
///    all-reduces buckets of the gradient buffer as their layers finish; after backward (`gradientsComputed`) it
///    waits for the last buckets, so every rank applies the same averaged gradient and the weights stay equal
///    without ever being sent again. The step's loss becomes the global batch's mean, Σ_r n_r·L_r / n, on every
///    rank (one more all-reduce of one number), so that rank 0's progress bar and records show the loss one
///    process would.
public final class DataParallel: TrainingCallback {
    public let world: Communicator
    public let reducer: GradientReducer
    /// Wall-clock seconds of the steps (stepWillBegin to gradientsComputed's end), summed.
    public private(set) var stepSeconds = 0.0
    public private(set) var steps = 0
    private var stepStart = Date()
    /// The group of the model's SyncBatchNorm layers, whose loss share follows each step's shard.
    private let statisticsGroup: RankGroup?

    /// Checks and synchronises the ranks (see 1. above); `dataFingerprint` is `Fingerprint.data(of: loader)`.
    public init(model: some Layer<Float>, store: ParameterStore<Float>, world: Communicator,
                dataFingerprint: Fingerprint, firstBucketBytes: Int = GradientBuckets.defaultFirstBucketBytes,
                bucketBytes: Int = GradientBuckets.defaultBucketBytes, overlap: Bool = true,
                statisticsGroup: RankGroup? = nil) throws {
        self.world = world
        self.statisticsGroup = statisticsGroup
        try world.requireAgreement(on: "the model (names and shapes of its tensors)", Fingerprint.architecture(of: model))
        try world.requireAgreement(on: "the data (data set, labels, batch size, shuffle seed, augmentation, normalisation)",
                                   dataFingerprint)
        try world.broadcast(store.values, from: 0)
        for buffer in model.buffers { try world.broadcast(buffer.values, from: 0) }
        try world.requireAgreement(on: "the weights after rank 0's broadcast", Fingerprint.weights(of: model))
        reducer = GradientReducer(model: model, store: store, world: world, firstBucketBytes: firstBucketBytes,
                                  bucketBytes: bucketBytes, overlap: overlap)
    }

    public func stepWillBegin(_ state: TrainingState) throws {
        stepStart = Date()
        let share = state.globalBatchSize > 0 ? Double(state.batchSize) / Double(state.globalBatchSize) : 0
        reducer.weight = Float(share)
        statisticsGroup?.lossShare = share
    }

    public func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        try reducer.finish()
        let weighted = try world.sum(Double(state.loss) * Double(state.batchSize))
        state.loss = Float(weighted / Double(max(state.globalBatchSize, 1)))
        stepSeconds += Date().timeIntervalSince(stepStart)
        steps += 1
        return .update
    }
}
