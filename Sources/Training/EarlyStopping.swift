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
    public let restoresBestWeights: Bool
    /// The decision rule, which also replays a recorded curve (`EarlyStoppingRule.replay`).
    public private(set) var rule: EarlyStoppingRule
    public var patience: Int { rule.patience }
    public var minDelta: Double { rule.minDelta }
    /// The best value so far and its epoch (0-based); the epoch training stopped after, if it stopped early.
    public var best: Double { rule.best }
    public var bestEpoch: Int? { rule.bestEpoch }
    public var stoppedEpoch: Int? { rule.stoppedEpoch }
    private var bestWeights: [Float] = []
    private var bestBuffers: [Tensor<Float>] = []

    public init(monitor: String = "validation loss", patience: Int, minDelta: Double = 0, restoresBestWeights: Bool = true) {
        self.monitor = monitor
        rule = EarlyStoppingRule(patience: patience, minDelta: minDelta)
        self.restoresBestWeights = restoresBestWeights
    }

    public func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        guard let value = state.metrics[monitor] else {
            throw TrainingError("EarlyStopping: no \"\(monitor)\" among this epoch's metrics "
                                + "(\(state.metrics.keys.sorted().joined(separator: ", "))): list the callback that measures it first")
        }
        switch rule.observe(value, epoch: state.epoch) {
        case .improved:
            if restoresBestWeights {
                bestWeights = Array(state.store.values)
                bestBuffers = state.model.buffers.map(\.value)
            }
            return .continueTraining
        case .waiting: return .continueTraining
        case .stop: return .stop
        }
    }

    public func trainingDidEnd(_ state: TrainingState) throws {
        guard restoresBestWeights, !bestWeights.isEmpty else { return }
        _ = bestWeights.withUnsafeBufferPointer { state.store.values.update(fromContentsOf: $0) }
        for (buffer, value) in zip(state.model.buffers, bestBuffers) { buffer.value = value }
    }
}

/// Early stopping's rule on its own, epoch by epoch: a value m (lower is better) improves when m < best − minDelta;
/// `patience` epochs in a row without improvement stop. `replay` runs it over a recorded curve.
public struct EarlyStoppingRule: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable { case improved, waiting, stop }

    public let patience: Int
    public let minDelta: Double
    public private(set) var best = Double.infinity
    public private(set) var bestEpoch: Int?
    public private(set) var stoppedEpoch: Int?
    private var epochsWithoutImprovement = 0

    public init(patience: Int, minDelta: Double = 0) {
        precondition(patience >= 1 && minDelta >= 0, "EarlyStopping: patience ≥ 1 and minDelta ≥ 0")
        self.patience = patience
        self.minDelta = minDelta
    }

    public mutating func observe(_ value: Double, epoch: Int) -> Verdict {
        if value < best - minDelta {
            (best, bestEpoch, epochsWithoutImprovement) = (value, epoch, 0)
            return .improved
        }
        epochsWithoutImprovement += 1
        guard epochsWithoutImprovement >= patience else { return .waiting }
        stoppedEpoch = epoch
        return .stop
    }

    /// The rule over `curve` (epoch e's value at index e) until it stops: the epoch it stops after (nil: it ran to
    /// the end) and the best epoch, whose weights it would restore.
    public static func replay(_ curve: [Double], patience: Int, minDelta: Double = 0)
        -> (stoppedEpoch: Int?, bestEpoch: Int?) {
        var rule = EarlyStoppingRule(patience: patience, minDelta: minDelta)
        for (epoch, value) in curve.enumerated() where rule.observe(value, epoch: epoch) == .stop { break }
        return (rule.stoppedEpoch, rule.bestEpoch)
    }
}
