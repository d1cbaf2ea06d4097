import Datasets
import Training

/// What a training chapter does after every epoch of a `CNNTrainer`: the validation loss and accuracy (in
/// evaluation mode), the test accuracy, one narrated line and one `EpochRecord` (train loss, validation loss and
/// accuracy, test accuracy, images/s, the epoch's training seconds). With test-time augmentation the test accuracy
/// is the flip-averaged one and the plain one is recorded beside it ("test accuracy without TTA").
public final class EpochReport {
    public private(set) var validationAccuracies: [Double] = []
    public private(set) var testAccuracies: [Double] = []
    /// The test predictions after the last epoch.
    public private(set) var testPredictions: [Int] = []

    /// Adds the evaluation to `trainer`'s callbacks.
    public init(_ trainer: CNNTrainer, validation: LabeledImages, test: LabeledImages,
                testTimeAugmentation: Bool = false, in context: RunContext) {
        trainer.trainer.callbacks.append(Validation(on: DataLoader(
            validation, batchSize: CNNTrainer.evaluationBatchSize, normalization: trainer.normalization)))
        trainer.trainer.callbacks.append(EpochEnd { [unowned self] state in
            let validation = state.metrics["validation accuracy"] ?? .nan
            let validationLoss = state.metrics["validation loss"] ?? .nan
            var metrics: [String: Double] = [:]
            if testTimeAugmentation {
                metrics["test accuracy without TTA"] = accuracy(try trainer.predict(test), test.labels)
                testPredictions = try trainer.predictWithFlip(test)
            } else {
                testPredictions = try trainer.predict(test)
            }
            let testAccuracy = accuracy(testPredictions, test.labels)
            validationAccuracies.append(validation)
            testAccuracies.append(testAccuracy)
            let (loss, seconds) = (state.meanEpochLoss, state.epochSeconds)
            let rate = Double(trainer.fitCount) / seconds
            context.say("epoch \(state.epoch + 1): train loss \(String(format: "%.4f", loss))  validation loss "
                        + "\(String(format: "%.4f", validationLoss)), accuracy \(percent(validation))  "
                        + "test \(percent(testAccuracy))\(testTimeAugmentation ? " (TTA)" : "")  "
                        + "\(String(format: "%.1f", seconds)) s (\(Int(rate.rounded())) img/s)")
            metrics.merge(["train loss": loss, "validation loss": validationLoss, "validation accuracy": validation,
                           "test accuracy": testAccuracy, "images per second": rate]) { $1 }
            context.epoch(EpochRecord(epoch: state.epoch + 1, metrics: metrics, seconds: seconds))
        })
    }
}
