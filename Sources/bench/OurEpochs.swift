import Chapters
import Datasets
import Glibc
import Kernels
import Training

/// Our whole epochs of §5.2.3's recipe, through the code `workbook training` runs: a `CNNTrainer` (article CNN,
/// CrossEntropyLoss, Adam 0.001, batch 64, its shuffled `DataLoader` normalising on `producers` threads) trained by
/// the `Trainer` with `threads` kernel workers, each epoch followed by what `EpochReport` evaluates (validation loss
/// and accuracy, test predictions in batches of 64).
struct OurEpochs {
    let fit: LabeledImages
    let validation: LabeledImages
    let test: LabeledImages

    /// Fashion-MNIST's first `fitImages` fit images, and the first `evaluationImages` of validation and test
    /// (all when nil).
    init(fitImages: Int, evaluationImages: Int?) throws {
        let splits = try DataSplits.fashionMNIST(fitLimit: fitImages)
        fit = splits.fit
        let kept = { (set: LabeledImages) in set.subset(0..<min(evaluationImages ?? set.count, set.count)) }
        validation = kept(splits.validation)
        test = kept(splits.test)
    }

    /// `epochs` epochs of a fresh trainer from `seed`, each timed: the training loop, its loader waits, the
    /// evaluation after it. `maximumSteps` cuts every epoch short (the tests' quick form).
    func run(epochs: Int, threads: Int, producers: Int, seed: UInt64, maximumSteps: Int = .max,
             progress: Bool = true) throws -> [EpochTiming] {
        try KernelWorkers.splittingBatches(threads) {
            let cnn = try CNNTrainer(fit: fit, seed: seed, batchSize: 64, learningRate: 1e-3, producers: producers)
            if progress { cnn.showProgress { "ours, epoch \($0 + 1)/\(epochs)" } }
            let validation = Validation(on: DataLoader(self.validation, batchSize: CNNTrainer.evaluationBatchSize,
                                                       normalization: cnn.normalization))
            let loader = LoaderWaitClock(cnn.fitLoader)
            var timings: [EpochTiming] = []
            for epoch in 0..<epochs {
                let (waited, images) = (loader.totals.seconds, loader.totals.images)
                let start = clockSeconds(CLOCK_MONOTONIC)
                try cnn.trainer.trainEpoch(loader, epoch: epoch, maximumSteps: maximumSteps)
                let trained = clockSeconds(CLOCK_MONOTONIC)
                _ = try validation.evaluate(cnn.model)
                _ = try cnn.predict(test)
                timings.append(EpochTiming(epoch: epoch + 1, images: loader.totals.images - images,
                                           trainingSeconds: trained - start,
                                           loaderWaitSeconds: loader.totals.seconds - waited,
                                           evaluationSeconds: clockSeconds(CLOCK_MONOTONIC) - trained))
            }
            return timings
        }
    }
}
