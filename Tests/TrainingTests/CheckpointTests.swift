import Foundation
import Testing
import DeepLearning
@testable import Training

@Suite("Checkpoint: resume as if the run had never stopped")
struct CheckpointTests {
    /// BatchNorm (running statistics: buffers), then a linear layer: input [4, 1, 2, 2] → [4, 2].
    static func model(seed: UInt64) -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential(layers: [
            BatchNorm2d(name: "bn", channels: 1), Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: 4, outputFeatures: 2, generator: &generator),
        ])
    }

    static func batches() -> FixedBatches {
        var generator = RandomGenerator(seed: 11)
        return FixedBatches((0..<4).map { _ in
            FixedBatches.Batch(inputs: Tensor(shape: [4, 1, 2, 2], scalars: (0..<16).map { _ in 3 * generator.nextUnitFloat() - 1 }),
                               targets: (0..<4).map { _ in generator.nextInt(below: 2) })
        })
    }

    /// Warm-up then cosine over the 12 steps: the learning rate depends on the global step, so a resumed run
    /// that lost its clock would take other steps.
    static func trainer(seed: UInt64) throws -> Trainer<CrossEntropyLoss<Float>> {
        let model = model(seed: seed)
        return try Trainer(model: model, loss: CrossEntropyLoss(), optimizer: Adam(ParameterStore(model), learningRate: 0.05),
                           schedule: .warmupCosine(warmupSteps: 3, totalSteps: 12))
    }

    static let recipe = "bn + fc, Adam 0.05, warm-up 3 of 12"

    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString).safetensors")
    }

    /// Three epochs straight against one epoch, a checkpoint, and two more epochs in a NEW trainer whose model was
    /// drawn from another seed: the resumed losses and final weights are bitwise those of the straight run. Exact
    /// equality is the claim (the same floating-point operations on the same numbers); it fails if any of the
    /// weights, the BN running statistics, Adam's m, v or t, or the schedule's step were not restored.
    @Test func aResumedRunTakesBitwiseTheStepsOfTheRunThatDidNotStop() throws {
        let source = Self.batches()
        let straight = try Self.trainer(seed: 1)
        var straightLosses: [Float] = []
        for epoch in 0..<3 { straightLosses += try straight.trainEpoch(source, epoch: epoch) }

        let first = try Self.trainer(seed: 1)
        try first.trainEpoch(source, epoch: 0)
        let url = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint(first.state, completedEpochs: 1, seed: 0, recipe: Self.recipe).save(to: url)

        let resumed = try Self.trainer(seed: 99)
        let checkpoint = try Checkpoint.load(from: url)
        #expect(checkpoint.completedEpochs == 1 && checkpoint.globalStep == 4)
        try checkpoint.restore(into: resumed.state, recipe: Self.recipe)
        var resumedLosses: [Float] = []
        for epoch in checkpoint.completedEpochs..<3 { resumedLosses += try resumed.trainEpoch(source, epoch: epoch) }

        #expect(resumedLosses == Array(straightLosses[4...]))
        #expect(resumed.model.namedTensors().map(\.parameter.value) == straight.model.namedTensors().map(\.parameter.value))
        #expect((resumed.optimizer as! Adam<Float>).state == (straight.optimizer as! Adam<Float>).state)
    }

    /// What `save` wrote is what `load` reads, bit for bit; the model's tensors sit under their own names, so the
    /// file loads as plain weights; saving again replaces the file and leaves no temporary file in the folder.
    @Test func theFileRoundTripsAndLoadsAsWeights() throws {
        let trainer = try Self.trainer(seed: 1)
        try trainer.trainEpoch(Self.batches(), epoch: 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("run.safetensors")
        let saved = try Checkpoint(trainer.state, completedEpochs: 1, seed: 7, recipe: Self.recipe)
        try saved.save(to: url)
        try saved.save(to: url)
        #expect(try Checkpoint.load(from: url) == saved)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["run.safetensors"])
        let weights = Self.model(seed: 5)
        try loadSafetensors(into: weights, from: url)
        #expect(weights.namedTensors().map(\.parameter.value) == trainer.model.namedTensors().map(\.parameter.value))
    }

    /// A checkpoint of another recipe, or of another model, is refused with one line, and changes nothing.
    @Test func anotherRecipeOrModelIsRefusedAndChangesNothing() throws {
        let trainer = try Self.trainer(seed: 1)
        try trainer.trainEpoch(Self.batches(), epoch: 0)
        let checkpoint = try Checkpoint(trainer.state, completedEpochs: 1, seed: 0, recipe: Self.recipe)
        let fresh = try Self.trainer(seed: 2)
        let before = fresh.model.namedTensors().map(\.parameter.value)
        #expect(throws: TrainingError.self) { try checkpoint.restore(into: fresh.state, recipe: "another recipe") }
        var otherModel = checkpoint
        otherModel.tensors["fc.weight"] = Tensor(shape: [3, 4])
        #expect(throws: TrainingError.self) { try otherModel.restore(into: fresh.state, recipe: Self.recipe) }
        var otherOptimizer = checkpoint
        otherOptimizer.optimizer.buffers["exp_avg"]!.removeLast()
        #expect(throws: OptimizerError.self) { try otherOptimizer.restore(into: fresh.state, recipe: Self.recipe) }
        #expect(fresh.model.namedTensors().map(\.parameter.value) == before)
        #expect(fresh.state.globalStep == 0)
    }
}
