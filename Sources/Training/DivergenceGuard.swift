import DeepLearning

/// Stops a run that has diverged: after backward, before the optimizer step, a loss or gradient that is no longer
/// finite (NaN or ±∞; try `--learning-rate 1`) throws one line naming the step, the epoch, the parameter whose
/// gradient went non-finite first and the learning rate, instead of training on NaN to the end. The weights are
/// those after the last good step: this step's update never runs.
///
/// "First" is in backward order: backward runs from the model's last layer to its first, so the first non-finite
/// gradient is the one latest in the store (the store lists parameters in the model's forward order). Everything
/// before it in backward order was finite, which points at where the overflow began.
///
/// Cost: one pass over the gradients (their sum of squares, the same as `ParameterStore.gradientNorm()`), about
/// 0.3% of the CNN's step. Put it after callbacks that change the gradients (a data-parallel all-reduce: then every
/// rank checks the same numbers and all stop together).
public final class DivergenceGuard: TrainingCallback {
    public init() {}

    public func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        let store = state.store
        guard !state.loss.isFinite || !store.gradientNorm().isFinite else { return .update }
        let culprit = store.entries.last { entry in
            entry.parameter.requiresGradient && !sumOfSquares(UnsafeBufferPointer(entry.parameter.gradients)).isFinite
        }
        let gradient = culprit.map { "the gradient of \($0.name) went non-finite first (in backward order)" }
            ?? "every gradient is finite"
        throw TrainingError("the run diverged at step \(state.step + 1) of epoch \(state.epoch + 1): the loss is "
                            + "\(state.loss), \(gradient); learning rate \(state.optimizer.learningRate). "
                            + "Lower the learning rate or clip the gradients (--max-grad-norm)")
    }
}
