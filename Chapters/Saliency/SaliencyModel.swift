import Foundation
import Datasets
import DeepLearning
import Training

/// The trained CNN whose decisions the step explains: the article's CNN by §5.2.3's recipe (CrossEntropyLoss,
/// Adam 0.001, batch 64, shuffled, the fit set's own normalisation) for `epochs` epochs from `seed`; 2 in the full
/// run, about 90% test accuracy, where the 10 of §5.2.3 reach 91.5% in five times the time. Saved as safetensors in
/// the step's folder (3.5 MB, not committed: *.safetensors are ignored) and reused while its recipe is the same;
/// without the file it is trained again, deterministically: same seed, build and threads, the same weights.
struct SaliencyModel {
    let model: Sequential<Float>
    let normalization: InputNormalization
    /// The prediction of every test image.
    let testPredictions: [Int]

    /// "2 epochs on 55000 fit images, batch 64, Adam lr 0.001, seed 0": what the saved weights' metadata must say.
    static func recipe(epochs: Int, fitCount: Int, seed: UInt64) -> String {
        "\(epochs) epoch\(epochs == 1 ? "" : "s") on \(fitCount) fit images, batch 64, Adam lr 0.001, seed \(seed)"
    }

    /// Loads the weights of this recipe from `file` or trains them (recording every epoch in `context`) and saves them there.
    static func trainedOrLoaded(splits: DataSplits, epochs: Int, seed: UInt64, file: URL,
                                in context: RunContext) throws -> SaliencyModel {
        let recipe = recipe(epochs: epochs, fitCount: splits.fit.count, seed: seed)
        context.parameter("model recipe", .text(recipe))
        if FileManager.default.fileExists(atPath: file.path),
           let (checkpoint, model) = try? CNNCheckpoint.load(from: file), checkpoint.recipe == recipe {
            let predictions = try CNNTrainer.predict(model, splits.test, normalization: checkpoint.normalization)
            context.say("weights: \(relativeToWorkingDirectory(file)) (\(recipe)), reused: not trained again")
            context.parameter("weights", .text("reused from \(file.lastPathComponent)"))
            return SaliencyModel(model: model, normalization: checkpoint.normalization, testPredictions: predictions)
        }
        context.say("no weights of this recipe at \(relativeToWorkingDirectory(file)): training them (deterministic from the seed)")
        context.parameter("weights", .text("trained in this run"))
        let trainer = try CNNTrainer(fit: splits.fit, seed: seed, batchSize: 64, learningRate: 0.001)
        trainer.showProgress { "epoch \($0 + 1)/\(epochs)" }
        let report = EpochReport(trainer, validation: splits.validation, test: splits.test, in: context)
        let summaries = try trainer.trainer.fit(trainer.fitLoader, epochs: 0..<epochs)
        context.result("training seconds", .number(summaries.reduce(0) { $0 + $1.trainingSeconds }))
        let predictions = report.testPredictions
        let correct = zip(predictions, splits.test.labels).filter { $0 == $1 }.count
        try CNNCheckpoint(inputShape: trainer.inputShape, classNames: splits.classNames, normalization: trainer.normalization,
                          data: "fashion-mnist", testCorrect: correct, testCount: splits.test.count, seed: seed, recipe: recipe)
            .save(trainer.model, to: file)
        context.say("weights saved: \(relativeToWorkingDirectory(file))")
        return SaliencyModel(model: trainer.model, normalization: trainer.normalization, testPredictions: predictions)
    }

    /// The images at `indices` of `images` as one normalised batch [n, C, H, W], through the same loader stage as
    /// training's inputs.
    func inputs(_ images: LabeledImages, at indices: [Int]) throws -> Tensor<Float> {
        let subset = images.subset(indices)
        let batches = DataLoader(subset, batchSize: subset.count, normalization: normalization).batches(epoch: 0)
        guard let batch = try batches.next() else { preconditionFailure("SaliencyModel: no images to explain") }
        return batch.inputs
    }
}
