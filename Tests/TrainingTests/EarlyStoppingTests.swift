import Testing
import DeepLearning
@testable import Training

/// Plays a scripted validation curve: epoch e reports `curve[e]` as "validation loss", and remembers the weights
/// each epoch ended with.
final class ScriptedValidation: TrainingCallback {
    let curve: [Double]
    var weightsAfterEpoch: [[Float]] = []
    init(_ curve: [Double]) { self.curve = curve }
    func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        state.metrics["validation loss"] = curve[state.epoch]
        weightsAfterEpoch.append(Array(state.store.values))
        return .continueTraining
    }
}

@Suite("Early stopping on a scripted validation curve")
struct EarlyStoppingTests {
    /// Curve 1.0, 0.8, 0.7, 0.72, 0.69, 0.71, 0.75, 0.74 with patience 2 and minDelta 0.02, by hand:
    /// epochs 0, 1, 2 improve (best 0.7 at epoch 2); epoch 3 (0.72) does not: 1 epoch without improvement;
    /// epoch 4 (0.69) is lower but by 0.01 < minDelta: 2 → stop after epoch 4, 5 of the 8 epochs run, and the
    /// weights of epoch 2 are put back.
    @Test func stopsAfterPatienceAndRestoresTheBestEpoch() throws {
        var generator = RandomGenerator(seed: 2)
        let model = Sequential<Float>(layers: [
            Linear(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator)])
        let validation = ScriptedValidation([1.0, 0.8, 0.7, 0.72, 0.69, 0.71, 0.75, 0.74])
        let stopping = EarlyStopping(patience: 2, minDelta: 0.02)
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: Adam(ParameterStore(model), learningRate: 0.05),
                                  callbacks: [validation, stopping])
        let epochs = try trainer.fit(FixedBatches.random(count: 2), epochs: 0..<8)
        #expect(epochs.count == 5)
        #expect(stopping.stoppedEpoch == 4 && stopping.bestEpoch == 2 && stopping.best == 0.7)
        #expect(validation.weightsAfterEpoch[4] != validation.weightsAfterEpoch[2])
        #expect(Array(trainer.optimizer.store.values) == validation.weightsAfterEpoch[2])
    }

    /// Without a callback that measures the metric first, early stopping says so in one line.
    @Test func aMissingMetricIsAClearError() throws {
        var generator = RandomGenerator(seed: 2)
        let model = Linear<Float>(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator)
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: Adam(ParameterStore(model)), callbacks: [EarlyStopping(patience: 1)])
        let error = #expect(throws: TrainingError.self) { try trainer.fit(FixedBatches.random(count: 1), epochs: 0..<2) }
        #expect(error?.description.contains("no \"validation loss\"") == true)
    }
}

@Suite("Validation callback")
struct ValidationTests {
    /// Batches of 4 and 2 samples: the mean loss weights each batch by its samples, (4·L₁ + 2·L₂)/6, and the
    /// accuracy counts samples; both equal a direct computation over the same batches (by hand here with the same
    /// loss on each batch: the weighting is what is checked, exactly).
    @Test func meanOverSamplesAndAccuracy() throws {
        var generator = RandomGenerator(seed: 4)
        let model = Linear<Float>(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator)
        let big = FixedBatches.random(count: 1, seed: 5).list[0]
        let small = FixedBatches.Batch(inputs: Tensor(shape: [2, 3], scalars: Array(big.inputs.scalars[0..<6])),
                                       targets: Array(big.targets[0..<2]))
        let validation = Validation(on: FixedBatches([big, small]))
        let (loss, accuracy) = try validation.evaluate(model)
        let criterion = CrossEntropyLoss<Float>()
        let l1 = Double(try criterion(try model.forward(big.inputs), targets: big.targets).value)
        let l2 = Double(try criterion(try model.forward(small.inputs), targets: small.targets).value)
        #expect(loss == (4 * l1 + 2 * l2) / 6)
        let predictions = indicesOfRowMaxima(try model.forward(big.inputs))
        let hits = zip(predictions, big.targets).filter { $0 == $1 }.count + zip(predictions.prefix(2), small.targets).filter { $0 == $1 }.count
        #expect(accuracy == Double(hits) / 6)
        #expect(model.isTraining)
    }

    /// Validation then early stopping, as a chapter lists them: the stop follows the measured validation loss.
    @Test func feedsEarlyStopping() throws {
        var generator = RandomGenerator(seed: 2)
        let model = Linear<Float>(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator)
        let stopping = EarlyStopping(patience: 1)
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: Adam(ParameterStore(model), learningRate: 0.5),
                                  callbacks: [Validation(on: FixedBatches.random(count: 2, seed: 9)), stopping])
        let epochs = try trainer.fit(FixedBatches.random(count: 2), epochs: 0..<30)
        #expect(epochs.allSatisfy { $0.metrics["validation loss"] != nil && $0.metrics["validation accuracy"] != nil })
        #expect(stopping.stoppedEpoch.map { $0 + 1 == epochs.count } ?? (epochs.count == 30))
    }
}

@Suite("Early stopping's rule replayed on a recorded curve")
struct EarlyStoppingRuleTests {
    /// The curve of the callback's test above, replayed without training: the same stop (after epoch 4) and best
    /// epoch (2), so the chapter's replay of a recorded run decides as the callback would have.
    @Test func replayDecidesAsTheCallback() {
        let curve = [1.0, 0.8, 0.7, 0.72, 0.69, 0.71, 0.75, 0.74]
        let replay = EarlyStoppingRule.replay(curve, patience: 2, minDelta: 0.02)
        #expect(replay.stoppedEpoch == 4 && replay.bestEpoch == 2)
    }

    /// A curve that keeps improving never stops (patience 1, minDelta 0): the best epoch is the last. A flat curve
    /// stops after `patience` epochs past the first: 1.0 at epoch 0 is the best, epochs 1–3 do not beat it.
    @Test func improvingAndFlatCurves() {
        #expect(EarlyStoppingRule.replay([3, 2, 1, 0.5], patience: 1) == (nil, 3))
        #expect(EarlyStoppingRule.replay([1, 1, 1, 1, 1, 1], patience: 3) == (3, 0))
    }
}
