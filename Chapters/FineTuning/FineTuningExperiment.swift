import Foundation
import Datasets
import DeepLearning
import Training

/// The §4.3 experiment on one set of data splits and one budget: the two pre-trainings (read from their
/// safetensors files when an earlier run of the same recipe left them) and the fine-tuning runs, every one through
/// `CNNTrainer` (the §5.2.3 recipe on the general `Trainer`); only the model it is given changes.
struct FineTuningExperiment {
    let budget: FineTuningBudget
    let splits: DataSplits
    /// [channels, height, width] of the images.
    var inputShape: [Int] { [splits.fit.channels, splits.fit.height, splits.fit.width] }

    /// One reading's pre-trained body and the input normalisation every run of the reading uses: the statistics
    /// of the pre-training images (a fixed preprocessing, the same for the scratch runs, so that only the weights
    /// differ between methods).
    struct Pretrained: Sendable {
        var reading: FineTuningReading
        var cnn: PretrainedCNN
        var normalization: InputNormalization
        var outcome: FineTuningPretraining
    }

    /// The safetensors file of `reading`'s pre-trained weights in `folder`.
    static func weightsFile(_ reading: FineTuningReading, in folder: URL) -> URL {
        folder.appendingPathComponent("pretrained-\(reading.rawValue).safetensors")
    }

    /// The fit images the pre-training sees: all of them, or the budget's first `pretrainingFitLimit`. (The k
    /// labelled images are drawn from all 55,000 fit images either way.)
    var pretrainingFit: LabeledImages {
        budget.pretrainingFitLimit > 0 ? splits.fit.subset(0 ..< min(budget.pretrainingFitLimit, splits.fit.count)) : splits.fit
    }

    /// The normalisation of `reading`'s runs.
    func normalization(_ reading: FineTuningReading) throws -> InputNormalization {
        // The rotations move pixels and change none: their statistics are the fit images' own.
        let images = reading == .selfSupervised ? pretrainingFit : reading.pretrainingImages(from: pretrainingFit)
        return InputNormalization(try ChannelStatistics(of: images))
    }

    /// `reading`'s pre-trained CNN: from `folder`'s safetensors file when it was made by this budget's recipe,
    /// otherwise trained now (unless `mayTrain` is false: then nil) and saved there.
    func pretrained(_ reading: FineTuningReading, folder: URL, mayTrain: Bool, showsProgress: Bool,
                    say: (String) -> Void) throws -> Pretrained? {
        let file = Self.weightsFile(reading, in: folder)
        let recipe = budget.pretrainingRecipe(reading)
        let normalization = try normalization(reading)
        if let cnn = try PretrainedCNN.load(from: file, recipe: recipe) {
            say("pre-trained weights read from \(relativeToWorkingDirectory(file)) (\(recipe))")
            return Pretrained(reading: reading, cnn: cnn, normalization: normalization,
                              outcome: FineTuningPretraining(reading: reading, steps: 0, trainingSeconds: 0,
                                                             pretextValidationAccuracy: nil, reused: true))
        }
        guard mayTrain else { return nil }
        let images = reading.pretrainingImages(from: pretrainingFit)
        let trainer = try CNNTrainer(fit: images, seed: UInt64(budget.pretrainingSeed), batchSize: budget.batchSize,
                                     learningRate: budget.learningRate, normalization: normalization)
        let epochs = budget.pretrainingEpochs(reading)
        say("pre-training, \(reading.label): \(images.count) images of \(images.classNames.count) classes "
            + "(\(images.classNames.joined(separator: ", "))), \(epochs) epoch\(epochs == 1 ? "" : "s") of \(trainer.batchesPerEpoch) steps")
        if showsProgress { trainer.showProgress { "pre-training \(reading.rawValue), epoch \($0 + 1)/\(epochs)" } }
        let summaries = try trainer.trainer.fit(trainer.fitLoader, epochs: 0 ..< epochs)
        let held = pretextValidation(reading)
        let validationAccuracy = accuracy(try trainer.predict(held), held.labels)
        let cnn = PretrainedCNN(model: trainer.model)
        try cnn.save(to: file, recipe: recipe)
        let seconds = summaries.reduce(0) { $0 + $1.trainingSeconds }
        say(String(format: "pre-trained in %.0f s; pretext accuracy on %d held-out validation images %.2f%%; saved %@",
                   seconds, held.count, 100 * validationAccuracy, relativeToWorkingDirectory(file)))
        return Pretrained(reading: reading, cnn: cnn, normalization: normalization,
                          outcome: FineTuningPretraining(reading: reading, steps: trainer.batchesPerEpoch * epochs,
                                                         trainingSeconds: seconds,
                                                         pretextValidationAccuracy: validationAccuracy, reused: false))
    }

    /// The pretext task on validation images, which neither training saw: the four rotations of the first 1,000,
    /// or every validation image of classes 0–4 (quick: the first `testLimit` of those).
    func pretextValidation(_ reading: FineTuningReading) -> LabeledImages {
        let all = reading.pretrainingImages(from: reading == .selfSupervised
            ? splits.validation.subset(0 ..< min(1000, splits.validation.count)) : splits.validation)
        return budget.testLimit > 0 ? all.subset(0 ..< min(budget.testLimit, all.count)) : all
    }

    /// The downstream test images of `reading` (the budget's first `testLimit` when it sets one).
    func testImages(_ reading: FineTuningReading) -> LabeledImages {
        let images = reading.downstreamImages(splits.test)
        return budget.testLimit > 0 ? images.subset(0 ..< min(budget.testLimit, images.count)) : images
    }

    /// The k-per-class training images of `reading` for `seed`.
    func fewShotImages(_ reading: FineTuningReading, k: Int, seed: Int) throws -> LabeledImages {
        let classes = reading.downstreamClasses
        let indices = try FewShotSubset.indices(labels: splits.fit.labels, classes: classes, perClass: k, seed: UInt64(seed))
        return FewShotSubset.images(splits.fit, at: indices, classes: classes)
    }

    /// The trainer of one run: the pre-trained body with a new head, frozen as `method` says (or, from scratch,
    /// the article's CNN from fresh weights), on `images`. Its weights draw from `seed` (the new head, or all).
    func trainer(_ pretrained: Pretrained, method: TransferMethod, images: LabeledImages, seed: Int) throws -> CNNTrainer {
        let shape = inputShape
        return try CNNTrainer(
            fit: images, seed: UInt64(seed), batchSize: budget.batchSize(images: images.count),
            learningRate: budget.learningRate, normalization: pretrained.normalization,
            build: method.usesPretraining ? { _, classes, generator in
                pretrained.cnn.fineTuningModel(inputShape: shape, classes: classes, method: method, generator: &generator)
            } : CNNTrainer.articleCNN)
    }

    /// One run: trains `method` on k images per class of `seed`'s draw for the budget's epochs, checks that the
    /// frozen parameters' checksum did not move (throws if it did), and measures the test accuracy.
    func run(_ pretrained: Pretrained, method: TransferMethod, k: Int, seed: Int, test: LabeledImages) throws -> FineTuningRun {
        let images = try fewShotImages(pretrained.reading, k: k, seed: seed)
        let trainer = try trainer(pretrained, method: method, images: images, seed: seed)
        let frozen = method.trainedLayers != nil
        let before = frozen ? PretrainedCNN.frozenChecksum(of: trainer.model) : nil
        let epochs = try trainer.trainer.fit(trainer.fitLoader, epochs: 0 ..< budget.epochs(images: images.count))
        if let before, PretrainedCNN.frozenChecksum(of: trainer.model) != before {
            throw TrainingError("\(pretrained.reading.rawValue) \(method.rawValue) k=\(k) seed \(seed): a frozen parameter moved")
        }
        return FineTuningRun(reading: pretrained.reading, method: method, k: k, seed: seed,
                             steps: epochs.reduce(0) { $0 + $1.stepLosses.count },
                             trainingSeconds: epochs.reduce(0) { $0 + $1.trainingSeconds },
                             testAccuracy: accuracy(try trainer.predict(test), test.labels), frozenChecksum: before)
    }
}
