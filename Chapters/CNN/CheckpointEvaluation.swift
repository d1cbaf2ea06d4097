import Foundation
import Datasets
import DeepLearning

/// `workbook evaluate --weights FILE`: reload a model saved by `workbook training` and score it on its test set.
///
/// The model is rebuilt from the file's metadata, its inputs normalised with the statistics stored there, and the
/// test set predicted in batches of `CNNTrainer.evaluationBatchSize` as during training, so the predictions (and
/// the accuracy) are exactly those measured before saving.
public enum CheckpointEvaluation {
    public struct Result {
        public var checkpoint: CNNCheckpoint
        public var report: ClassificationReport
        public var predictions: [Int]
        public var correct: Int
        /// True when `correct` equals the count stored at training time.
        public var reproducesTraining: Bool { correct == checkpoint.testCorrect && predictions.count == checkpoint.testCount }
    }

    /// Scores the model in `weights` on `testImages` (its own test set when nil: Fashion-MNIST's, or the
    /// ImageFolder `testDirectory` resized to the model's input).
    public static func evaluate(weights: URL, testDirectory: String? = nil,
                                dataDirectory: String = FashionMNIST.defaultDirectory,
                                testImages: LabeledImages? = nil) throws -> Result {
        let (checkpoint, model) = try CNNCheckpoint.load(from: weights)
        let test: LabeledImages
        if let testImages {
            test = testImages
        } else if let testDirectory {
            let folder = try ImageFolder(root: testDirectory, channels: checkpoint.inputShape[0])
            test = try DataSplits.inMemory(folder, size: checkpoint.inputShape[1])
        } else {
            test = try FashionMNIST.load(.test, directory: dataDirectory)
        }
        guard [test.channels, test.height, test.width] == checkpoint.inputShape, test.classNames == checkpoint.classNames else {
            throw OptionError("the test images (\([test.channels, test.height, test.width].shapeDescription), classes \(test.classNames)) "
                              + "do not fit the model (\(checkpoint.inputShape.shapeDescription), classes \(checkpoint.classNames))")
        }
        let predictions = try CNNTrainer.predict(model, test, normalization: checkpoint.normalization)
        let report = try ClassificationReport(labels: test.labels, predictions: predictions,
                                              classCount: checkpoint.classNames.count)
        let correct = zip(predictions, test.labels).filter { $0 == $1 }.count
        return Result(checkpoint: checkpoint, report: report, predictions: predictions, correct: correct)
    }

    /// What `workbook evaluate` prints.
    public static func narration(_ result: Result, weights: URL) -> [String] {
        let c = result.checkpoint
        return [
            "weights: \(weights.path): the article's CNN for \(c.inputShape.shapeDescription) inputs, \(c.classNames.count) classes, "
                + "trained on \(c.data): \(c.recipe), seed \(c.seed)",
            "normalisation stored with it: mean \(c.normalization.mean.map { format($0, digits: 6) }.joined(separator: ", ")), "
                + "std \(c.normalization.std.map { format($0, digits: 6) }.joined(separator: ", "))",
            "",
            "Accuracy on the test set: \(percent(result.report.accuracy)) (\(result.correct)/\(result.predictions.count))",
            "recorded when saved:      \(percent(Double(c.testCorrect) / Double(max(c.testCount, 1)))) (\(c.testCorrect)/\(c.testCount)) — "
                + (result.reproducesTraining ? "reproduced exactly" : "NOT reproduced (other test images, BLAS threads or build?)"),
            "",
            ClassificationNarration.scoreTable(result.report, classNames: c.classNames),
        ]
    }
}
