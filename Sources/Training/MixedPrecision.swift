import DeepLearning

/// Mixed-precision training as Micikevicius et al. (2018) define it, for a model whose activations pass through
/// `PrecisionBoundary` layers of the same format: the optimizer keeps FP32 master weights in the parameter store;
/// each step's forward and backward see a 16-bit copy of them; the weight gradients are stored in 16 bits (still
/// multiplied by the loss scale, when there is one), and the update is applied to the FP32 masters.
///
/// Here the copy is made in place: before the step the masters are saved and the store's values rounded to
/// `format`; after backward the masters are put back and the gradients rounded. Every value the layers read or
/// write is then exactly what 16-bit storage would hold. List it first among the after-backward callbacks, before
/// `LossScaler` (which unscales the rounded gradients).
///
/// Between epochs the store holds the 16-bit weights, so that the evaluation callbacks listed after this one
/// (validation, test accuracy) measure the 16-bit model; the masters come back before the next step and when
/// training ends.
public final class MixedPrecision: TrainingCallback {
    public let format: NumberFormat
    private var masterWeights: [Float] = []

    public init(format: NumberFormat) { self.format = format }

    private var holdsRoundedWeights = false

    public func stepWillBegin(_ state: TrainingState) throws {
        if holdsRoundedWeights { restoreMasterWeights(of: state.store) }
        roundWeights(of: state.store)
    }

    public func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        restoreMasterWeights(of: state.store)
        format.round(state.store.gradients)
        return .update
    }

    public func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        roundWeights(of: state.store)
        return .continueTraining
    }

    public func trainingDidEnd(_ state: TrainingState) throws {
        if holdsRoundedWeights { restoreMasterWeights(of: state.store) }
    }

    private func roundWeights(of store: ParameterStore<Float>) {
        let values = store.values
        if masterWeights.count != values.count { masterWeights = [Float](repeating: 0, count: values.count) }
        _ = masterWeights.withUnsafeMutableBufferPointer { $0.update(fromContentsOf: UnsafeBufferPointer(values)) }
        format.round(values)
        holdsRoundedWeights = true
    }

    private func restoreMasterWeights(of store: ParameterStore<Float>) {
        _ = masterWeights.withUnsafeBufferPointer { store.values.update(fromContentsOf: $0) }
        holdsRoundedWeights = false
    }
}
