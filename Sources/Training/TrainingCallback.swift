/// Code that runs at fixed points of the training loop (Lightning's and fastai's callbacks): before each step, after backward and
/// before the optimizer step (gradient all-reduce, loss-scale unscaling and the inf/NaN skip, clipping), after each
/// step (progress, per-step metrics), and at the end of each epoch (validation, early stopping, checkpoints,
/// records). Every method has an empty default, so a callback implements only its points.
///
/// Callbacks run in the order the trainer lists them, so one may use what an earlier one wrote into
/// `TrainingState.metrics` (validation before early stopping).
public protocol TrainingCallback: AnyObject {
    /// Before the first epoch of `Trainer.fit`.
    func trainingWillBegin(_ state: TrainingState) throws
    /// Before the first step of an epoch (`state.epoch`, `state.stepsInEpoch` are set).
    func epochWillBegin(_ state: TrainingState) throws
    /// Before a step's forward pass (`state.batchSize` and `state.globalBatchSize` are this step's).
    func stepWillBegin(_ state: TrainingState) throws
    /// After backward, before the optimizer step: every gradient is in `state.store.gradients`, and the callback
    /// may change them. Returning `.skip` leaves the weights as they are for this step (every callback still runs).
    func gradientsComputed(_ state: TrainingState) throws -> StepDecision
    /// After the optimizer step (or the skipped step).
    func stepDidEnd(_ state: TrainingState) throws
    /// After an epoch's last step; `state.metrics` holds "train loss" and what earlier callbacks added.
    /// Returning `.stop` ends `fit` after this epoch (every callback still runs).
    func epochDidEnd(_ state: TrainingState) throws -> EpochDecision
    /// After the last epoch of `fit`, stopped early or not.
    func trainingDidEnd(_ state: TrainingState) throws
}

extension TrainingCallback {
    public func trainingWillBegin(_ state: TrainingState) throws {}
    public func epochWillBegin(_ state: TrainingState) throws {}
    public func stepWillBegin(_ state: TrainingState) throws {}
    public func gradientsComputed(_ state: TrainingState) throws -> StepDecision { .update }
    public func stepDidEnd(_ state: TrainingState) throws {}
    public func epochDidEnd(_ state: TrainingState) throws -> EpochDecision { .continueTraining }
    public func trainingDidEnd(_ state: TrainingState) throws {}
}

/// What the after-backward hooks decide for one step.
public enum StepDecision: Sendable, Equatable {
    /// Let the optimizer update the weights.
    case update
    /// Keep the weights as they are (a non-finite gradient under loss scaling).
    case skip
}

/// What the epoch-end hooks decide.
public enum EpochDecision: Sendable, Equatable {
    case continueTraining
    /// End the run after this epoch (early stopping).
    case stop
}

/// A callback made of closures, for the one-off hooks of a chapter: `EpochEnd { state in … }`.
public final class EpochEnd: TrainingCallback {
    private let body: (TrainingState) throws -> Void
    public init(_ body: @escaping (TrainingState) throws -> Void) { self.body = body }
    public func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        try body(state)
        return .continueTraining
    }
}

/// A callback that runs a closure after every step: `StepEnd { state in … }`.
public final class StepEnd: TrainingCallback {
    private let body: (TrainingState) throws -> Void
    public init(_ body: @escaping (TrainingState) throws -> Void) { self.body = body }
    public func stepDidEnd(_ state: TrainingState) throws { try body(state) }
}
