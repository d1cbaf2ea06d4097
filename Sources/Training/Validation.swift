import DeepLearning

/// Evaluates a classifier on a held-out set after every epoch, as Lightning's validation loop does: the mean
/// cross-entropy over all samples and the accuracy, written into `state.metrics` as "<name> loss" and
/// "<name> accuracy" (e.g. "validation loss", which `EarlyStopping` monitors by default).
///
/// The model runs in evaluation mode (BatchNorm's running statistics, no dropout) and is put back into training
/// mode after. Batches of any size are weighted by their sample count, so the mean is over samples.
public final class Validation<Source: BatchSource>: TrainingCallback where Source.Batches.Batch.Target == [Int] {
    public let name: String
    private let source: Source
    private let criterion = CrossEntropyLoss<Float>()

    public init(on source: Source, name: String = "validation") {
        self.source = source
        self.name = name
    }

    public func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        let (loss, accuracy) = try evaluate(state.model)
        state.metrics["\(name) loss"] = loss
        state.metrics["\(name) accuracy"] = accuracy
        return .continueTraining
    }

    /// (mean loss, accuracy) of `model` on the source's epoch 0.
    public func evaluate(_ model: any Layer<Float>) throws -> (loss: Double, accuracy: Double) {
        model.eval()
        defer { model.train() }
        var totalLoss = 0.0, correct = 0, count = 0
        var batches = source.batches(epoch: 0)
        while let batch = try batches.next() {
            let outputs = try model.forward(batch.inputs)
            let samples = batch.targets.count
            totalLoss += Double(try criterion(outputs, targets: batch.targets).value) * Double(samples)
            correct += zip(indicesOfRowMaxima(outputs), batch.targets).filter { $0 == $1 }.count
            count += samples
        }
        guard count > 0 else { throw TrainingError("\(name): the set has no samples") }
        return (totalLoss / Double(count), Double(correct) / Double(count))
    }
}
