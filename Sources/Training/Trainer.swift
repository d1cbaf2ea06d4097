import Foundation
import DeepLearning

/// The training loop: a model, a loss, an optimizer, a learning-rate schedule and callbacks, passed in (as
/// Lightning's `Trainer` and fastai's `Learner` take them). With no callbacks a step is the six lines of the
/// article's loop:
///
///     for inputs, labels in train_loader:       while let batch = try batches.next() {
///         optimizer.zero_grad()                     optimizer.zeroGradients()
///         outputs = model(inputs)                   let outputs = try model.forward(batch.inputs)
///         loss = criterion(outputs, labels)         let result = try loss.loss(outputs, batch.targets)
///         loss.backward()                           _ = try model.backward(result.gradient)
///         optimizer.step()                          optimizer.step()
///
/// and the callbacks run between them: after backward (all-reduce, unscaling, clipping: `gradientsComputed`),
/// after the step, at the end of each epoch (validation, early stopping, checkpoints, records). Before each step
/// the schedule sets the optimizer's learning rate (and, for one-cycle, its momentum).
///
/// Nothing in a step allocates in steady state: the model's layers, the loss and the optimizer reuse their buffers,
/// the store clears its gradients with one memset, and callbacks are called through a fixed list.
public final class Trainer<Loss: LossFunction> where Loss.Scalar == Float {
    public let model: any Layer<Float>
    public let loss: Loss
    public let optimizer: any Optimizer<Float>
    public let schedule: LearningRateSchedule
    /// Run in this order at each hook point; a chapter may add its own before training.
    public var callbacks: [any TrainingCallback]
    /// Where the run is; what the callbacks see.
    public let state: TrainingState
    /// The learning rate the optimizer was created with: the schedule's α (one-cycle: its maximum).
    public let baseLearningRate: Double

    /// The optimizer must hold the model's parameters (`Adam(ParameterStore(model))`). Throws if the schedule
    /// cycles momentum and the optimizer has none (SGD without momentum).
    public init(model: any Layer<Float>, loss: Loss, optimizer: any Optimizer<Float>,
                schedule: LearningRateSchedule = .constant, callbacks: [any TrainingCallback] = []) throws {
        if schedule.momentum(step: 0) != nil {
            guard let cycled = optimizer as? any MomentumOptimizer, cycled.momentum > 0 else {
                throw TrainingError("\(schedule): cycles momentum, but \(optimizer) has none (give SGD a momentum, "
                                    + "or a one-cycle schedule with momentum: nil)")
            }
        }
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.schedule = schedule
        self.callbacks = callbacks
        state = TrainingState(model: model, optimizer: optimizer)
        baseLearningRate = optimizer.learningRate
    }

    /// One optimizer step on one batch: the article's loop body, the hooks after backward. Returns the loss
    /// (the step's loss as the callbacks left it: a data-parallel callback makes it the global batch's).
    ///
    /// `globalCount` is the size of the global batch when `inputs` is this rank's shard of it (nil: not sharded).
    /// A shard can be empty (a last batch shorter than the ranks): it has no forward or backward pass, its
    /// gradients stay zero and its loss is 0, weighted by its zero samples; the hooks still run, so that the rank
    /// takes part in the step's all-reduce.
    @discardableResult
    public func step(_ inputs: Tensor<Float>, _ targets: Loss.Target, globalCount: Int? = nil) throws -> Float {
        let count = inputs.shape[0]
        try beginStep(batchSize: count, globalCount: globalCount ?? count)   // …, optimizer.zero_grad()
        guard count > 0 else {
            try update(loss: 0, batchSize: 0)
            return state.loss
        }
        let outputs = try model.forward(inputs)          // outputs = model(inputs)
        let result = try loss.loss(outputs, targets)     // loss = criterion(outputs, labels)
        _ = try model.backward(result.gradient)          // loss.backward()
        try update(loss: result.value, batchSize: count) // hooks, optimizer.step()
        return state.loss
    }

    /// The first half of a step, before any forward pass: the batch's sizes into the state, the before-step hooks,
    /// and `optimizer.zeroGradients()`. A step that computes its gradients its own way (a pipeline stage, whose
    /// gradients add up over micro-batches) calls this, then its passes, then `update(loss:batchSize:)`.
    public func beginStep(batchSize: Int, globalCount: Int) throws {
        state.batchSize = batchSize
        state.globalBatchSize = globalCount
        for callback in callbacks { try callback.stepWillBegin(state) }
        optimizer.zeroGradients()
    }

    /// The second half of a step, once backward has filled the gradients (a walkthrough that runs forward and
    /// backward layer by layer calls this itself): the after-backward hooks, the schedule, `optimizer.step()`
    /// unless a hook said skip, the after-step hooks.
    public func update(loss: Float, batchSize: Int) throws {
        state.loss = loss
        state.batchSize = batchSize
        var decision = StepDecision.update
        for callback in callbacks where try callback.gradientsComputed(state) == .skip { decision = .skip }
        applySchedule()
        if decision == .update { optimizer.step() } else { state.skippedSteps += 1 }
        state.globalStep += 1
        state.step += 1
        state.epochLosses.append(state.loss)
        for callback in callbacks { try callback.stepDidEnd(state) }
    }

    /// One pass over epoch `epoch` of `source` (or its first `maximumSteps` batches), in training mode. Returns the
    /// loss of every step, in order.
    ///
    /// `firstStep` > 0 goes on with an epoch that a restored `Checkpoint` left `firstStep` steps into (`state`
    /// holds that epoch, its step and its losses): the first `firstStep` batches are drawn and passed over, so the
    /// steps that follow see exactly the batches they would have seen (the cost: preparing those batches, a small
    /// part of training on them).
    @discardableResult
    public func trainEpoch<Source: BatchSource>(_ source: Source, epoch: Int, maximumSteps: Int = .max,
                                                firstStep: Int = 0) throws
        -> [Float] where Source.Batches.Batch.Target == Loss.Target {
        try trainEpoch(source, epoch: epoch, maximumSteps: maximumSteps, firstStep: firstStep) { batch in
            try step(batch.inputs, batch.targets, globalCount: batch.globalCount)
        }
    }

    /// The same epoch with `takeStep` in place of `step` for each batch: a step computed another way, which calls
    /// `beginStep` and `update` itself (a pipeline stage's micro-batches). Epoch hooks, state and timing as above.
    @discardableResult
    public func trainEpoch<Source: BatchSource>(_ source: Source, epoch: Int, maximumSteps: Int = .max,
                                                firstStep: Int = 0,
                                                takingStepsWith takeStep: (Source.Batches.Batch) throws -> Void)
        throws -> [Float] {
        model.train()
        try beginEpoch(epoch, steps: min(source.batchesPerEpoch, maximumSteps), firstStep: firstStep)
        for callback in callbacks { try callback.epochWillBegin(state) }
        let start = Date()
        var batches = source.batches(epoch: epoch)
        for _ in 0..<firstStep where try batches.next() == nil { break }
        while state.step < state.stepsInEpoch, let batch = try batches.next() {
            try takeStep(batch)
        }
        state.epochSeconds = Date().timeIntervalSince(start)
        return state.epochLosses
    }

    /// Epochs `epochs` of `source`, each followed by the epoch-end hooks; stops early when one says so. Returns
    /// each epoch's metrics ("train loss" and what the callbacks added) and training seconds. `firstStep`: steps of
    /// the first epoch already taken (a run resumed mid-epoch, see `trainEpoch`).
    @discardableResult
    public func fit<Source: BatchSource>(_ source: Source, epochs: Range<Int>, firstStep: Int = 0) throws
        -> [EpochSummary] where Source.Batches.Batch.Target == Loss.Target {
        try schedule.validate(steps: state.globalStep + epochs.count * source.batchesPerEpoch - firstStep)
        for callback in callbacks { try callback.trainingWillBegin(state) }
        var summaries: [EpochSummary] = []
        for epoch in epochs {
            let losses = try trainEpoch(source, epoch: epoch, firstStep: epoch == epochs.lowerBound ? firstStep : 0)
            state.metrics["train loss"] = state.meanEpochLoss
            var stop = false
            for callback in callbacks where try callback.epochDidEnd(state) == .stop { stop = true }
            summaries.append(EpochSummary(epoch: epoch, stepLosses: losses, metrics: state.metrics,
                                          trainingSeconds: state.epochSeconds))
            if stop { break }
        }
        for callback in callbacks { try callback.trainingDidEnd(state) }
        return summaries
    }

    private func beginEpoch(_ epoch: Int, steps: Int, firstStep: Int) throws {
        state.stepsInEpoch = steps
        state.metrics = [:]
        if firstStep > 0 {
            guard state.epoch == epoch, state.step == firstStep, state.epochLosses.count == firstStep,
                  firstStep <= steps else {
                throw TrainingError("cannot go on at step \(firstStep + 1) of epoch \(epoch + 1) of \(steps) steps: the "
                                    + "state is \(state.step) steps into epoch \(state.epoch + 1) (restore the checkpoint first)")
            }
            state.epochLosses.reserveCapacity(steps)
            return
        }
        state.epoch = epoch
        state.step = 0
        state.epochLosses.removeAll(keepingCapacity: true)
        state.epochLosses.reserveCapacity(steps)
    }

    private func applySchedule() {
        guard schedule != .constant else { return }
        optimizer.learningRate = schedule.learningRate(base: baseLearningRate, step: state.globalStep)
        if let momentum = schedule.momentum(step: state.globalStep), let cycled = optimizer as? any MomentumOptimizer {
            cycled.momentum = momentum
        }
    }
}

/// What one epoch of `Trainer.fit` gave.
public struct EpochSummary: Sendable {
    public var epoch: Int
    public var stepLosses: [Float]
    /// "train loss" (the mean step loss) and whatever the callbacks measured.
    public var metrics: [String: Double]
    public var trainingSeconds: Double
}
