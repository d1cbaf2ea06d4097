import Testing
import DeepLearning
@testable import Training

/// A fixed list of batches, the same every epoch (the tests need no shuffle).
final class FixedBatches: BatchSource {
    struct Batch: TrainingBatch {
        var inputs: Tensor<Float>
        var targets: [Int]
    }
    struct Batches: EpochBatches {
        var remaining: ArraySlice<Batch>
        mutating func next() throws -> Batch? { remaining.popFirst() }
    }
    let list: [Batch]
    init(_ list: [Batch]) { self.list = list }
    var batchesPerEpoch: Int { list.count }
    func batches(epoch: Int) -> Batches { Batches(remaining: list[...]) }

    /// `count` batches of 4 samples of 3 features with labels in 0..<2, from a seeded generator.
    static func random(count: Int, seed: UInt64 = 1) -> FixedBatches {
        var generator = RandomGenerator(seed: seed)
        return FixedBatches((0..<count).map { _ in
            Batch(inputs: Tensor(shape: [4, 3], scalars: (0..<12).map { _ in 2 * generator.nextUnitFloat() - 1 }),
                  targets: (0..<4).map { _ in generator.nextInt(below: 2) })
        })
    }
}

/// Writes down every hook call, and what the weights and gradients were at the after-backward point.
final class Recorder: TrainingCallback {
    var events: [String] = []
    var gradientNormsSeen: [Double] = []
    var weightsSeenAfterBackward: [[Float]] = []
    var learningRates: [Double] = []
    var decision = StepDecision.update
    func trainingWillBegin(_ state: TrainingState) throws { events.append("begin") }
    func epochWillBegin(_ state: TrainingState) throws { events.append("epoch \(state.epoch)") }
    func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        events.append("gradients \(state.step)")
        gradientNormsSeen.append(state.store.gradientNorm())
        weightsSeenAfterBackward.append(Array(state.store.values))
        return decision
    }
    func stepDidEnd(_ state: TrainingState) throws {
        events.append("step \(state.step)")
        learningRates.append(state.learningRate)
    }
    func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        events.append("end \(state.epoch)")
        return .continueTraining
    }
    func trainingDidEnd(_ state: TrainingState) throws { events.append("done") }
}

@Suite("Trainer: the article's loop, with hooks")
struct TrainerTests {
    static func model(seed: UInt64 = 3) -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential(layers: [
            Linear(name: "fc1", inputFeatures: 3, outputFeatures: 5, generator: &generator), ReLU(name: "relu"),
            Linear(name: "fc2", inputFeatures: 5, outputFeatures: 2, generator: &generator),
        ])
    }

    /// With no callbacks, `Trainer.step` is exactly the article's six lines written out by hand: the same weights
    /// bit for bit after three steps.
    @Test func aStepIsTheArticlesLoopBody() throws {
        let source = FixedBatches.random(count: 3)
        let viaTrainer = Self.model(), byHand = Self.model()
        let trainer = try Trainer(model: viaTrainer, loss: CrossEntropyLoss<Float>(),
                                  optimizer: Adam(ParameterStore(viaTrainer), learningRate: 0.01))
        try trainer.trainEpoch(source, epoch: 0)

        let optimizer = try Adam(ParameterStore(byHand), learningRate: 0.01), criterion = CrossEntropyLoss<Float>()
        for batch in source.list {
            optimizer.zeroGradients()
            let outputs = try byHand.forward(batch.inputs)
            let loss = try criterion(outputs, targets: batch.targets)
            _ = try byHand.backward(loss.gradient)
            optimizer.step()
        }
        #expect(Array(trainer.optimizer.store.values) == Array(optimizer.store.values))
        #expect(trainer.state.globalStep == 3 && trainer.state.epochLosses.count == 3)
    }

    /// The hooks run at their points, in order; after backward the gradients are there and the weights not yet
    /// updated.
    @Test func hooksRunAtTheirPoints() throws {
        let model = Self.model(), recorder = Recorder()
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: Adam(ParameterStore(model), learningRate: 0.01), callbacks: [recorder])
        let before = Array(trainer.optimizer.store.values)
        try trainer.fit(FixedBatches.random(count: 2), epochs: 0..<2)
        #expect(recorder.events == ["begin", "epoch 0", "gradients 0", "step 1", "gradients 1", "step 2", "end 0",
                                    "epoch 1", "gradients 0", "step 1", "gradients 1", "step 2", "end 1", "done"])
        #expect(recorder.gradientNormsSeen.allSatisfy { $0 > 0 })
        #expect(recorder.weightsSeenAfterBackward[0] == before)
        #expect(recorder.weightsSeenAfterBackward[1] != before)
    }

    /// A hook that says skip (a loss scaler that saw inf) leaves the weights and Adam's step counts as they were;
    /// the schedule's clock still moves.
    @Test func aSkippedStepChangesNoWeight() throws {
        let model = Self.model(), recorder = Recorder()
        recorder.decision = .skip
        let adam = try Adam(ParameterStore(model), learningRate: 0.01)
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: adam, callbacks: [recorder])
        let before = Array(adam.store.values)
        try trainer.trainEpoch(FixedBatches.random(count: 3), epoch: 0)
        #expect(Array(adam.store.values) == before)
        #expect(adam.stepCounts.allSatisfy { $0 == 0 })
        #expect(trainer.state.skippedSteps == 3 && trainer.state.globalStep == 3)
    }

    /// The schedule sets the learning rate before every step (here StepLR halving every 2 steps from 0.1).
    @Test func theScheduleSetsTheLearningRateOfEachStep() throws {
        let model = Self.model(), recorder = Recorder()
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: SGD(ParameterStore(model), learningRate: 0.1),
                                  schedule: .step(every: 2, factor: 0.5), callbacks: [recorder])
        try trainer.fit(FixedBatches.random(count: 3), epochs: 0..<2)
        #expect(recorder.learningRates == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
    }

    /// A schedule that cycles momentum needs an optimizer that has one.
    @Test func oneCycleNeedsMomentum() throws {
        let model = Self.model()
        #expect(throws: TrainingError.self) {
            try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                        optimizer: SGD(ParameterStore(model), learningRate: 0.1), schedule: .oneCycle(totalSteps: 10))
        }
        // A run longer than the schedule was planned for is refused before it starts, as PyTorch refuses step T.
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: Adam(ParameterStore(model), learningRate: 0.01),
                                  schedule: .oneCycle(totalSteps: 5))
        #expect(throws: TrainingError.self) { try trainer.fit(FixedBatches.random(count: 3), epochs: 0..<2) }
    }
}
