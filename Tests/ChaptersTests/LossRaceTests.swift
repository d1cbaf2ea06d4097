import Testing
@testable import Chapters

/// The race's machinery on a synthetic task (CI need not have Fashion-MNIST): two classes of 784-pixel
/// "images", class 0 bright in the first half and class 1 bright in the second, with a deterministic ripple.
struct LossRaceTests {
    static func syntheticTask(perClass: Int) -> LossRace.Task {
        func split(_ count: Int) -> LossRace.Task.Split {
            var features: [Float] = [], targets: [Float] = []
            for target in [Float(0), 1] {
                for sample in 0..<count {
                    for pixel in 0..<LossRace.featureCount {
                        let bright = (pixel < LossRace.featureCount / 2) == (target == 0)
                        features.append((bright ? 0.7 : 0.2) + 0.1 * Float((sample * 7 + pixel * 13) % 5) / 4)
                    }
                    targets.append(target)
                }
            }
            return .init(features: features, targets: targets)
        }
        return LossRace.Task(classNames: ("dark-right", "dark-left"), train: split(perClass), test: split(perClass / 2))
    }

    @Test func theStartIsConfidentlyWrong() {
        let task = Self.syntheticTask(perClass: 40)
        let start = LossRace.confidentlyWrongStart(task, confidence: 5)
        var logits = [Float](repeating: 0, count: task.train.count)
        let measured = LossRace.evaluate(weight: start.weight, bias: start.bias, on: task.train, logits: &logits)
        // Mirror of the nearest-mean classifier on separable classes: every sample on the wrong side.
        #expect(measured.accuracy == 0)
        // Median |z| is the requested 5 by construction (Float arithmetic: 1e-4 relative).
        let sorted = logits.map { abs($0 + start.bias) }.sorted()
        #expect(abs(sorted[sorted.count / 2] - 5) < 5e-4)
    }

    @Test func crossEntropyEscapesBeforeSquaredErrorAndRunsAreReproducible() throws {
        let task = Self.syntheticTask(perClass: 64)
        var configuration = LossRace.Configuration()
        configuration.epochs = 3
        let start = LossRace.confidentlyWrongStart(task, confidence: 5)
        let bce = try LossRace.train(task, from: start, loss: .binaryCrossEntropy, configuration)
        let mse = try LossRace.train(task, from: start, loss: .meanSquaredError, configuration)
        let bceEscape = try #require(bce.escapeStep(accuracy: 0.9))
        // At |z| ≈ 5 the MSE gradient is σ(1 − σ)·2|σ − y| ≈ 0.013 against BCE's ≈ 1: it must be slower or stuck.
        #expect(mse.escapeStep(accuracy: 0.9).map { $0 > bceEscape } ?? true)
        #expect(bce.testAccuracy.count == 4 && bce.testAccuracyPerStep.count == 3 * 2 + 1)
        // Same seed, same build: bitwise-identical history.
        let again = try LossRace.train(task, from: start, loss: .meanSquaredError, configuration)
        #expect(again.trainSquaredError == mse.trainSquaredError && again.testAccuracyPerStep == mse.testAccuracyPerStep)
    }
}
