import DeepLearning
import Training

/// One stage of a two-stage pipeline, GPipe's schedule (Huang et al. 2019) on two MPI ranks: rank 0 holds the
/// first layers (the article's CNN: the convolutions), rank 1 the rest (the fully connected layers) and the loss.
///
/// Each optimizer step cuts the batch into M micro-batches (`MicroBatchPlan`) and runs, per stage:
///
///     stage 0 (rank 0)                                  stage 1 (rank 1)
///     for j in 1…M: forward j, send its activations  →  for j in 1…M: receive activations j, forward, loss
///                                                          weighted by b_j/B, backward, send ∂L/∂activations j
///     for j in M…1: receive ∂L/∂activations j,       ←
///                   recompute forward j (j < M), backward j
///     optimizer step                                    optimizer step
///
/// Parameter gradients add up over the micro-batches (every backward adds into the store, cleared once per step),
/// so each stage's optimizer step sees the batch's mean gradient: one process's step, summed in another order.
///
/// Our layers keep only one forward's saved state (the last one's), so stage 0 must bring back micro-batch j's
/// state before its backward. It re-computes it (GPipe's re-materialisation): M − 1 extra forward passes of stage 0
/// per step (the last micro-batch's state is still there), measured as `recompute` intervals in the timeline, for
/// the memory of one micro-batch's state instead of M. The alternative, M copies of the stage's layers sharing one
/// set of parameters, would cost no time but M·(B/M) = B samples' saved state, as much as one process holds.
/// Stage 1 needs neither: it runs each micro-batch's backward right after its forward.
///
/// Messages are non-blocking (MPI_Isend/MPI_Irecv) from buffers the stage owns, tagged by micro-batch: every
/// receive of a step is posted when the step begins, and the in-flight requests are tested after each interval of
/// work, since MPICH moves a message on only inside MPI calls. The step's loss travels from stage 1 to stage 0 as
/// one more message, so that rank 0 (which alone prints) shows the loss one process would.
public final class PipelineStage {
    public enum Role: Sendable {
        /// Rank 0: the inputs in, activations out, their gradients back in.
        case first
        /// Rank 1: activations in, the loss, their gradients out.
        case last
    }

    public let role: Role
    public let world: Communicator
    /// This stage's layers (a `Sequential` of the model's layers, sharing their parameters).
    public let model: Sequential<Float>
    /// The stage's loop: `beginStep`, the micro-batches, `update` (its optimizer holds this stage's parameters; the
    /// loss is used by the last stage only).
    public let trainer: Trainer<CrossEntropyLoss<Float>>
    public let microBatches: Int
    /// The largest batch a step takes (the loader's batch size): what the message buffers hold.
    public let batchSize: Int
    /// One sample's input to this stage, e.g. [1, 28, 28] for stage 0 and [128, 7, 7] for stage 1.
    public let sampleShape: [Int]
    /// One sample's output of this stage: the activations where the model is cut (stage 0), the logits (stage 1).
    public let outputSampleShape: [Int]
    /// One sample's activations where the model is cut, e.g. [128, 7, 7]: what travels between the stages.
    public var activationShape: [Int] { role == .first ? outputSampleShape : sampleShape }
    /// This stage's measured intervals.
    public private(set) var timeline = PipelineTimeline()
    /// The moment every rank took after a common barrier: timeline times count from here.
    private let origin: Double

    private var peer: Int { role == .first ? 1 : 0 }
    private var lossTag: Int { microBatches }
    private let featuresPerSample: Int
    /// [batchSize, features]: the activations stage 0 sends and stage 1 receives, micro-batch j in its rows.
    private let activations: UnsafeMutableBufferPointer<Float>
    /// [batchSize, features]: their gradients, sent by stage 1 and received by stage 0.
    private let activationGradients: UnsafeMutableBufferPointer<Float>
    /// The step's loss, one number from stage 1 to stage 0.
    private let lossMessage: UnsafeMutableBufferPointer<Float>
    private var receives: [Communicator.Request] = []
    private var sends: [Communicator.Request] = []
    private var plan: MicroBatchPlan
    /// Per micro-batch: stage 0's inputs, stage 1's received activations, as tensors the layers take.
    private var inputSlots: [Tensor<Float>]
    /// Per micro-batch: stage 0's received activation gradients; stage 1's weighted loss gradients.
    private var gradientSlots: [Tensor<Float>]
    /// Per micro-batch (stage 1): the labels.
    private var labelSlots: [[Int]]

    /// `model` is this rank's stage, `sampleShape` one sample's input to it. Call on both ranks at once, after
    /// their fingerprints agree: it takes the timeline's origin after a barrier.
    public init(role: Role, model: Sequential<Float>, optimizer: any Optimizer<Float>, world: Communicator,
                microBatches: Int, batchSize: Int, sampleShape: [Int]) throws {
        precondition(microBatches > 0 && batchSize > 0, "PipelineStage: \(microBatches) micro-batches of \(batchSize)")
        self.role = role
        self.model = model
        model.needsInputGradient = role == .last   // stage 1 sends ∂L/∂(its input) back; stage 0's input is data
        self.world = world
        self.microBatches = microBatches
        self.batchSize = batchSize
        self.sampleShape = sampleShape
        outputSampleShape = Array(try model.outputShape(for: [1] + sampleShape).dropFirst())
        trainer = try Trainer(model: model, loss: CrossEntropyLoss(), optimizer: optimizer)
        featuresPerSample = (role == .first ? outputSampleShape : sampleShape).reduce(1, *)
        activations = .allocate(capacity: batchSize * featuresPerSample)
        activationGradients = .allocate(capacity: batchSize * featuresPerSample)
        lossMessage = .allocate(capacity: 1)
        activations.initialize(repeating: 0)
        activationGradients.initialize(repeating: 0)
        lossMessage.initialize(repeating: 0)
        receives.reserveCapacity(microBatches + 1)
        sends.reserveCapacity(microBatches + 1)
        plan = MicroBatchPlan(batchSize: batchSize, microBatches: microBatches)
        inputSlots = Array(repeating: Tensor(shape: [0]), count: microBatches)
        gradientSlots = Array(repeating: Tensor(shape: [0]), count: microBatches)
        labelSlots = Array(repeating: [], count: microBatches)
        try world.barrier()
        origin = Communicator.wallTime
    }

    deinit {
        activations.deallocate()
        activationGradients.deallocate()
        lossMessage.deallocate()
    }

    /// One optimizer step of this stage on one batch (both ranks take the same batch: stage 0 uses its images,
    /// stage 1 its labels). Afterwards `trainer.state.loss` is the batch's mean loss on both ranks.
    public func step(inputs: Tensor<Float>, labels: [Int]) throws {
        let count = labels.count
        timeline.beginStep(at: now, isFull: count == batchSize)
        try trainer.beginStep(batchSize: count, globalCount: count)
        if plan.batchSize != count { plan = MicroBatchPlan(batchSize: count, microBatches: microBatches) }
        switch role {
        case .first: try firstStageStep(inputs)
        case .last: try lastStageStep(labels)
        }
        timeline.endStep(at: now)
    }

    // MARK: The two schedules

    private func firstStageStep(_ inputs: Tensor<Float>) throws {
        for part in plan.parts {
            receives.append(try world.startReceive(into: rows(activationGradients, part), from: peer, tag: part.index))
        }
        receives.append(try world.startReceive(into: lossMessage, from: peer, tag: lossTag))
        let sampleCount = sampleShape.reduce(1, *)
        for part in plan.parts {
            let start = now
            inputs.scalars.withUnsafeBufferPointer { all in
                fill(&inputSlots[part.index], shape: sampleShape, count: part.positions.count,
                     from: UnsafeBufferPointer(rebasing: all[part.positions.lowerBound * sampleCount
                                                            ..< part.positions.upperBound * sampleCount]))
            }
            let output = try model.forward(inputSlots[part.index])
            output.scalars.withUnsafeBufferPointer { copy($0, into: rows(activations, part)) }
            timeline.record(.forward, microBatch: part.index, from: start, to: now)
            sends.append(try world.startSend(UnsafeBufferPointer(rows(activations, part)), to: peer, tag: part.index))
            try progress()
        }
        for position in plan.parts.indices.reversed() {
            let part = plan.parts[position]
            try receives[position].wait()
            if position != plan.parts.count - 1 {
                let start = now
                _ = try model.forward(inputSlots[part.index])
                timeline.record(.recompute, microBatch: part.index, from: start, to: now)
            }
            let start = now
            fill(&gradientSlots[part.index], shape: activationShape, count: part.positions.count,
                 from: UnsafeBufferPointer(rows(activationGradients, part)))
            _ = try model.backward(gradientSlots[part.index])
            timeline.record(.backward, microBatch: part.index, from: start, to: now)
            try progress()
        }
        try finishMessages()
        try update(loss: lossMessage[0], count: plan.batchSize)
    }

    private func lastStageStep(_ labels: [Int]) throws {
        for part in plan.parts {
            receives.append(try world.startReceive(into: rows(activations, part), from: peer, tag: part.index))
        }
        var loss: Float = 0
        for position in plan.parts.indices {
            let part = plan.parts[position]
            try receives[position].wait()
            let start = now
            fill(&inputSlots[part.index], shape: activationShape, count: part.positions.count,
                 from: UnsafeBufferPointer(rows(activations, part)))
            labelSlots[part.index].removeAll(keepingCapacity: true)
            labelSlots[part.index].append(contentsOf: labels[part.positions])
            let logits = try model.forward(inputSlots[part.index])
            let forwardEnd = now
            timeline.record(.forward, microBatch: part.index, from: start, to: forwardEnd)
            // The micro-batch's mean loss counts b_j/B of the batch's, and so does its gradient.
            let result = try trainer.loss.loss(logits, labelSlots[part.index])
            loss += part.weight * result.value
            result.gradient.scalars.withUnsafeBufferPointer { gradient in
                fill(&gradientSlots[part.index], shape: outputSampleShape, count: part.positions.count, from: gradient)
            }
            gradientSlots[part.index].scalars.withUnsafeMutableBufferPointer { scale($0, by: part.weight) }
            let lossEnd = now
            timeline.record(.loss, microBatch: part.index, from: forwardEnd, to: lossEnd)
            let inputGradient = try model.backward(gradientSlots[part.index])
            inputGradient.scalars.withUnsafeBufferPointer { copy($0, into: rows(activationGradients, part)) }
            timeline.record(.backward, microBatch: part.index, from: lossEnd, to: now)
            sends.append(try world.startSend(UnsafeBufferPointer(rows(activationGradients, part)), to: peer,
                                             tag: part.index))
            try progress()
        }
        lossMessage[0] = loss
        sends.append(try world.startSend(UnsafeBufferPointer(lossMessage), to: peer, tag: lossTag))
        try finishMessages()
        try update(loss: loss, count: plan.batchSize)
    }

    // MARK: Pieces

    private var now: Double { Communicator.wallTime - origin }

    /// The optimizer step (and the trainer's hooks), timed.
    private func update(loss: Float, count: Int) throws {
        let start = now
        try trainer.update(loss: loss, batchSize: count)
        timeline.record(.update, microBatch: nil, from: start, to: now)
    }

    /// Micro-batch `part`'s rows of a [batchSize, features] message buffer.
    private func rows(_ buffer: UnsafeMutableBufferPointer<Float>, _ part: MicroBatchPlan.Part)
        -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: buffer[part.positions.lowerBound * featuresPerSample
                                                    ..< part.positions.upperBound * featuresPerSample])
    }

    /// Lets MPI move the messages in flight on (MPI_Test on each).
    private func progress() throws {
        for index in receives.indices { _ = try receives[index].test() }
        for index in sends.indices { _ = try sends[index].test() }
    }

    /// Waits for every message of the step, then forgets them.
    private func finishMessages() throws {
        for index in receives.indices { try receives[index].wait() }
        for index in sends.indices { try sends[index].wait() }
        receives.removeAll(keepingCapacity: true)
        sends.removeAll(keepingCapacity: true)
    }
}

/// Copies `source` into `target`, which has the same count.
private func copy(_ source: UnsafeBufferPointer<Float>, into target: UnsafeMutableBufferPointer<Float>) {
    precondition(source.count == target.count, "pipeline message: \(source.count) numbers for \(target.count)")
    target.baseAddress!.update(from: source.baseAddress!, count: source.count)
}

/// Makes `slot` a [count] + `sampleShape` tensor holding `source` (new storage only when its shape changes: the
/// steady state writes in place).
private func fill(_ slot: inout Tensor<Float>, shape sampleShape: [Int], count: Int, from source: UnsafeBufferPointer<Float>) {
    if slot.shape.first != count || !slot.shape.dropFirst().elementsEqual(sampleShape) {
        slot = Tensor(shape: [count] + sampleShape)
    }
    slot.scalars.withUnsafeMutableBufferPointer { copy(source, into: $0) }
}
