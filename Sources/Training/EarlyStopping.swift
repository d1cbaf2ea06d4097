import DeepLearning

/// Stops training when a validation metric has not improved for `patience` epochs, and puts back the weights of
/// the best epoch (Keras's `EarlyStopping(restore_best_weights=True)`, Lightning's `EarlyStopping` + best checkpoint).
///
/// After each epoch, with m the monitored metric (lower is better, e.g. "validation loss"): if m < best − minDelta,
/// m is the new best, its epoch's weights are kept and the count of epochs without improvement is reset; otherwise
/// that count grows, and when it reaches `patience` training stops. At the end of training (stopped or not) the
/// best epoch's parameters and buffers (BatchNorm's running statistics) are copied back.
///
/// It reads the metric an earlier callback wrote into `state.metrics`: list the validation callback first.
public final class EarlyStopping: TrainingCallback {
    public let monitor: String
    public let patience: Int
    public let minDelta: Double
    public let restoresBestWeights: Bool
    /// The best value so far and its epoch (0-based); the epoch training stopped after, if it stopped early.
    public private(set) var best = Double.infinity
    public private(set) var bestEpoch: Int?
    public private(set) var stoppedEpoch: Int?
    private var epochsWithoutImprovement = 0
    private var bestWeights: [Float] = []
    private var bestBuffers: [Tensor<Float>] = []

    public init(monitor: String = "validation loss", patience: Int, minDelta: Double = 0, restoresBestWeights: Bool = true) {
        precondition(patience >= 1 && minDelta >= 0, "EarlyStopping: patience ≥ 1 and minDelta ≥ 0")
        self.monitor = monitor
        self.patience = patience
        self.minDelta = minDelta
        self.restoresBestWeights = restoresBestWeights
    }

    public func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        guard let value = state.metrics[monitor] else {
            throw TrainingError("EarlyStopping: no \"\(monitor)\" among this epoch's metrics "
                                + "(\(state.metrics.keys.sorted().joined(separator: ", "))): list the callback that measures it first")
        }
        if value < best - minDelta {
            (best, bestEpoch, epochsWithoutImprovement) = (value, state.epoch, 0)
            if restoresBestWeights {
                bestWeights = Array(state.store.values)
                bestBuffers = state.model.buffers.map(\.value)
            }
            return .continueTraining
        }
        epochsWithoutImprovement += 1
        guard epochsWithoutImprovement >= patience else { return .continueTraining }
        stoppedEpoch = state.epoch
        return .stop
    }

    public func trainingDidEnd(_ state: TrainingState) throws {
        guard restoresBestWeights, !bestWeights.isEmpty else { return }
        _ = bestWeights.withUnsafeBufferPointer { state.store.values.update(fromContentsOf: $0) }
        for (buffer, value) in zip(state.model.buffers, bestBuffers) { buffer.value = value }
    }
}
