import Foundation
import Datasets
import DeepLearning
import Training

/// The §9.2 runs on one set of data splits and one budget: §5.2.3's recipe (`CNNTrainer`) on stratified subsets of
/// the fit set, each evaluated on the test images at half its epochs and at the end.
struct DataSizeExperiment {
    let budget: DataSizeBudget
    let splits: DataSplits

    /// The test images (the budget's first `testLimit` when it sets one).
    var test: LabeledImages {
        budget.testLimit > 0 ? splits.test.subset(0 ..< min(budget.testLimit, splits.test.count)) : splits.test
    }

    /// `size` fit images, `size`/10 of every class, drawn for `seed` (`stratifiedSubset`).
    func fitSubset(size: Int, seed: Int) throws -> LabeledImages {
        try Self.stratifiedSubset(of: splits.fit, size: size, seed: seed)
    }

    /// `size` of `images`, the same number of every class, drawn for `seed` as §4.3 draws its k images per class
    /// (`FewShotSubset`): one seed's subsets are nested, so its curve adds images to the same ones. Throws when
    /// `size` is not a multiple of the class count or a class has too few images.
    static func stratifiedSubset(of images: LabeledImages, size: Int, seed: Int) throws -> LabeledImages {
        let classes = Array(images.classNames.indices)
        guard size > 0, size % classes.count == 0 else {
            throw OptionError("a fit-set size must be a positive multiple of the \(classes.count) classes, got \(size)")
        }
        let indices = try FewShotSubset.indices(labels: images.labels, classes: classes,
                                                perClass: size / classes.count, seed: UInt64(seed))
        return images.subset(indices)
    }

    /// One run: the recipe on `seed`'s subset of `size` images for the budget's epochs, the test accuracy after half
    /// of them and after all; `stepsDone` hears the steps trained so far after each half (for a progress bar).
    func run(size: Int, seed: Int, test: LabeledImages, stepsDone: (Int) -> Void = { _ in }) throws -> DataSizeRun {
        let images = try fitSubset(size: size, seed: seed)
        let trainer = try CNNTrainer(fit: images, seed: UInt64(seed), batchSize: budget.batchSize,
                                     learningRate: budget.learningRate)
        let epochs = budget.epochs(images: images.count)
        let half = epochs / 2
        let first = try trainer.trainer.fit(trainer.fitLoader, epochs: 0 ..< half)
        stepsDone(half * trainer.batchesPerEpoch)
        let halfway = accuracy(try trainer.predict(test), test.labels)
        let second = try trainer.trainer.fit(trainer.fitLoader, epochs: half ..< epochs)
        stepsDone(epochs * trainer.batchesPerEpoch)
        let summaries = first + second
        return DataSizeRun(size: size, seed: seed, epochs: epochs, steps: epochs * trainer.batchesPerEpoch,
                           trainingSeconds: summaries.reduce(0) { $0 + $1.trainingSeconds },
                           finalTrainLoss: summaries.last?.metrics["train loss"] ?? .nan,
                           halfwayTestAccuracy: halfway, testAccuracy: accuracy(try trainer.predict(test), test.labels))
    }
}
