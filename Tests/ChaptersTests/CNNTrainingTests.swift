import Foundation
import Testing
import Datasets
import DeepLearning
@testable import Chapters

/// The §5.2.3 training path end to end on a tiny slice of Fashion-MNIST (debug builds are ~25× slower than
/// release: 128 images, batches of 32, two epochs).
@Suite(.serialized) struct CNNTrainingTests {
    /// The first 128 training images (fit) and the first 100 test images, loaded once (checksums are the
    /// Datasets tests' business; skipping them here saves seconds of debug-build SHA-256).
    static let data: (fit: LabeledImages, test: LabeledImages) = {
        let train = try! FashionMNIST.load(.train, verifyChecksums: false)
        let test = try! FashionMNIST.load(.test, verifyChecksums: false)
        return (train.subset(0..<128), test.subset(0..<100))
    }()

    static func trainTwoEpochs(seed: UInt64) throws -> (trainer: CNNTrainer, losses: [Float]) {
        // The reproducibility rule holds for a fixed thread count.
        try BLASThreads.with(1) {
            let trainer = try CNNTrainer(fit: data.fit, seed: seed, batchSize: 32, learningRate: 0.001)
            let losses = try trainer.trainEpoch(0) + trainer.trainEpoch(1)
            return (trainer, losses)
        }
    }

    /// One trained model shared by the tests below.
    nonisolated(unsafe) static let trained = try! trainTwoEpochs(seed: 5)

    @Test func lossFallsAndRunsRepeatBitForBit() throws {
        let (trainer, losses) = Self.trained
        #expect(losses.count == 8)  // 128 / 32 = 4 steps per epoch
        // Ten classes from PyTorch's uniform initialisation: the logits start small (|z| ≲ 0.3), so the first
        // loss is within 0.3 of ln 10 = 2.303; after 4 Adam steps at 0.001 the second epoch's mean is lower.
        #expect(abs(Double(losses[0]) - log(10)) < 0.3)
        let firstEpoch = losses[0..<4].reduce(0, +) / 4, secondEpoch = losses[4..<8].reduce(0, +) / 4
        #expect(secondEpoch < firstEpoch)
        let (twin, twinLosses) = try Self.trainTwoEpochs(seed: 5)
        #expect(twinLosses == losses)  // bitwise: Float ==
        #expect(zip(trainer.model.parameters, twin.model.parameters).allSatisfy { $0.value == $1.value })
        let other = try CNNTrainer(fit: Self.data.fit, seed: 6, batchSize: 32, learningRate: 0.001)
        #expect(other.model.parameters[0].value != twin.model.parameters[0].value)
    }

    @Test func savedWeightsReproduceTheTestAccuracyExactly() throws {
        let (trainer, _) = Self.trained
        let predictions = try trainer.predict(Self.data.test)
        let correct = zip(predictions, Self.data.test.labels).filter { $0 == $1 }.count
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cnn-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let checkpoint = CNNCheckpoint(inputShape: trainer.inputShape, classNames: trainer.classNames,
                                       normalization: trainer.normalization, data: "test", testCorrect: correct,
                                       testCount: Self.data.test.count, seed: 5, recipe: "2 epochs on 128 fit images")
        try checkpoint.save(trainer.model, to: url)
        let result = try CheckpointEvaluation.evaluate(weights: url, testImages: Self.data.test)
        #expect(result.checkpoint == checkpoint)
        #expect(result.predictions == predictions)
        #expect(result.reproducesTraining)
    }
}
