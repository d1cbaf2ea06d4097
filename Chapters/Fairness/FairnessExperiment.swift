import Datasets
import DeepLearning
import Training

/// The §9.4 experiment on one set of data splits and one budget. Every training is `CNNTrainer` (the §5.2.3
/// recipe on the general `Trainer`) with one thing changed per mitigation: the loss's class weights or the fit
/// loader's sampler. Every model normalises its inputs with the statistics of the whole fit set (a fixed
/// preprocessing, so that only the data and the mitigation differ between runs).
struct FairnessExperiment {
    let budget: FairnessBudget
    /// The fit set (the budget's first `fitLimit` images in quick mode), validation and test images.
    let fit: LabeledImages
    let validation: LabeledImages
    let test: LabeledImages
    let normalization: InputNormalization

    init(budget: FairnessBudget, splits: DataSplits) throws {
        self.budget = budget
        fit = splits.fit
        func limited(_ images: LabeledImages, _ limit: Int) -> LabeledImages {
            limit > 0 ? images.subset(0 ..< min(limit, images.count)) : images
        }
        validation = limited(splits.validation, budget.validationLimit)
        test = limited(splits.test, budget.testLimit)
        normalization = InputNormalization(try ChannelStatistics(of: fit))
    }

    /// The fit set with `rareClass` kept at `keepFraction` (drawn for `seed`).
    func rareFit(_ rareClass: Int, keepFraction: Double, seed: Int) throws -> LabeledImages {
        try RareClassSubset.images(fit, rareClass: rareClass, keepFraction: keepFraction, seed: UInt64(seed))
    }

    /// A trained model and what its training cost.
    struct Trained {
        var cnn: CNNTrainer
        var steps: Int
        var trainedImages: Int
        var seconds: Double
    }

    /// Trains `mitigation` (plain, weighted loss or oversampling of `rareClass`) on `images` from `seed`.
    func train(_ mitigation: Mitigation, on images: LabeledImages, rareClass: Int?, seed: Int) throws -> Trained {
        precondition(Mitigation.trained.contains(mitigation), "FairnessExperiment: \(mitigation) trains nothing")
        let counts = classCounts(images)
        let cnn = try CNNTrainer(
            fit: images, seed: UInt64(seed), batchSize: budget.batchSize, learningRate: budget.learningRate,
            normalization: normalization,
            classWeights: mitigation == .weightedLoss ? ClassWeights.inverseFrequency(classCounts: counts) : nil,
            sampler: mitigation == .oversampling
                ? ClassOversampler.balancing(labels: images.labels, oversampledClass: rareClass!) : nil)
        let epochs = try cnn.trainer.fit(cnn.fitLoader, epochs: 0 ..< budget.epochs)
        let steps = epochs.reduce(0) { $0 + $1.stepLosses.count }
        return Trained(cnn: cnn, steps: steps, trainedImages: cnn.fitLoader.samplesPerEpoch * budget.epochs,
                       seconds: epochs.reduce(0) { $0 + $1.trainingSeconds })
    }

    /// The confusion matrix of `predictions` against the test labels.
    func testConfusion(_ predictions: [Int]) throws -> [[Int]] {
        try ClassificationReport(labels: test.labels, predictions: predictions, classCount: fit.classNames.count).confusion
    }

    /// One setting and seed: plain, weighted loss and oversampling trained, then the two logit adjustments read
    /// from the plain model's test logits (τ = 1, and τ chosen on the validation logits). `trained` is told after
    /// each training (for a progress bar).
    func runs(_ rareClass: Int, keepFraction: Double, seed: Int, trained: (Mitigation, FairnessRun) -> Void) throws -> [FairnessRun] {
        let images = try rareFit(rareClass, keepFraction: keepFraction, seed: seed)
        let counts = classCounts(images)
        var runs: [FairnessRun] = []
        for mitigation in Mitigation.trained {
            let model = try train(mitigation, on: images, rareClass: rareClass, seed: seed)
            let logits = try model.cnn.logits(test)
            let run = FairnessRun(rareClass: rareClass, keepFraction: keepFraction, seed: seed, mitigation: mitigation,
                                  fitClassCounts: counts, steps: model.steps, trainedImages: model.trainedImages,
                                  trainingSeconds: model.seconds, tau: nil, validationBalancedAccuracy: nil,
                                  confusion: try testConfusion(indicesOfRowMaxima(logits)))
            runs.append(run)
            trained(mitigation, run)
            guard mitigation == .plain else { continue }
            let adjustment = LogitAdjustment(classCounts: counts)
            let tuned = try adjustment.tunedTau(validationLogits: try model.cnn.logits(validation),
                                                labels: validation.labels, grid: budget.tauGrid)
            for (method, tau) in [(Mitigation.logitAdjustment, 1.0), (.tunedLogitAdjustment, tuned.tau)] {
                var adjusted = run
                (adjusted.mitigation, adjusted.tau, adjusted.steps, adjusted.trainedImages, adjusted.trainingSeconds)
                    = (method, tau, 0, 0, 0)
                adjusted.validationBalancedAccuracy = method == .tunedLogitAdjustment ? tuned.balancedAccuracy : nil
                adjusted.confusion = try testConfusion(adjustment.predictions(logits, tau: tau))
                runs.append(adjusted)
            }
        }
        return runs
    }

    /// The reference of `seed`: the plain recipe on the whole fit set (every class at its natural frequency).
    func referenceRun(seed: Int) throws -> FairnessRun {
        let model = try train(.plain, on: fit, rareClass: nil, seed: seed)
        return FairnessRun(rareClass: nil, keepFraction: 1, seed: seed, mitigation: .plain,
                           fitClassCounts: classCounts(fit), steps: model.steps, trainedImages: model.trainedImages,
                           trainingSeconds: model.seconds, tau: nil, validationBalancedAccuracy: nil,
                           confusion: try testConfusion(try model.cnn.predict(test)))
    }
}
