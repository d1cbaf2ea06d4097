import Foundation
import Testing
@testable import Datasets
import DeepLearning
@testable import Chapters

/// §9.4: the rare-class subset, the class weights, the logit adjustment, the disparity measures and how results
/// pair runs, on cases worked by hand.
struct FairnessTests {
    /// 40 labels: class i mod 4 (10 images each).
    static let labels = (0..<40).map { $0 % 4 }

    /// Every other class whole, the rare class cut to ⌊f·n + ½⌋ (at least 1) of its own images; for one seed the
    /// kept images are nested (the 10% within the 30% within the 50%); another seed keeps others; same seed, same.
    @Test func theRareClassIsCutAndTheOthersKeptWhole() throws {
        #expect(RareClassSubset.keptCount(of: 5_500, fraction: 0.02) == 110)
        #expect(RareClassSubset.keptCount(of: 10, fraction: 0.01) == 1)
        #expect(RareClassSubset.keptCount(of: 10, fraction: 0.25) == 3)   // 2.5 rounds away from zero
        var kept: [Set<Int>] = []
        for fraction in [0.1, 0.3, 0.5] {
            let indices = try RareClassSubset.indices(labels: Self.labels, rareClass: 2, keepFraction: fraction, seed: 4)
            #expect(indices == indices.sorted())
            #expect(indices.filter { Self.labels[$0] != 2 } == (0..<40).filter { $0 % 4 != 2 })
            let rare = Set(indices.filter { Self.labels[$0] == 2 })
            #expect(rare.count == Int((fraction * 10).rounded()))
            kept.append(rare)
        }
        #expect(kept[0].isSubset(of: kept[1]) && kept[1].isSubset(of: kept[2]))
        #expect(try RareClassSubset.indices(labels: Self.labels, rareClass: 2, keepFraction: 0.5, seed: 4)
                == RareClassSubset.indices(labels: Self.labels, rareClass: 2, keepFraction: 0.5, seed: 4))
        #expect(try RareClassSubset.indices(labels: Self.labels, rareClass: 2, keepFraction: 0.5, seed: 5)
                != RareClassSubset.indices(labels: Self.labels, rareClass: 2, keepFraction: 0.5, seed: 4))
    }

    /// w_c = N/(C·n_c): counts (2, 6) → 8/4 = 2 and 8/12 = 2/3; a balanced set weighs 1 everywhere. At 2% of
    /// Fashion-MNIST's Shirts (9 × 5,500 + 110 images): Shirt ≈ 45, the others ≈ 0.9.
    @Test func classWeightsAreInverseFrequency() {
        #expect(ClassWeights.inverseFrequency(classCounts: [2, 6]) == [2, Float(8.0 / 12)])
        #expect(ClassWeights.inverseFrequency(classCounts: [7, 7, 7]) == [1, 1, 1])
        let shirt = ClassWeights.inverseFrequency(classCounts: Array(repeating: 5_500, count: 6) + [110] + Array(repeating: 5_500, count: 3))
        #expect(abs(shirt[6] - 49_610 / 1_100) < 1e-3 && abs(shirt[0] - 49_610 / 55_000) < 1e-6)
    }

    /// Prior (0.9, 0.1): log π = (−0.10536, −2.30259). Logits (2, 0): τ = 0 predicts 0; τ = 1 adds 0.105 and 2.303
    /// (2.105 < 2.303) and predicts the rare class 1; τ = 0.5 gives 2.053 > 1.151: still 0. Logits (3, 0) stay 0
    /// at τ = 1 (3.105 > 2.303).
    @Test func logitAdjustmentByHand() {
        let adjustment = LogitAdjustment(classCounts: [90, 10])
        #expect(abs(adjustment.logPrior[0] - log(0.9)) < 1e-15 && abs(adjustment.logPrior[1] - log(0.1)) < 1e-15)
        let logits = Tensor<Float>(shape: [2, 2], scalars: [2, 0, 3, 0])
        #expect(adjustment.predictions(logits, tau: 0) == [0, 0])
        #expect(adjustment.predictions(logits, tau: 0.5) == [0, 0])
        #expect(adjustment.predictions(logits, tau: 1) == [1, 0])
    }

    /// Validation: one image of each class, logits (2, 0) for class 1's and (3, 0) for class 0's. τ = 0 and 0.5
    /// score balanced accuracy ½ (class 1 missed), τ = 1 scores 1, τ = 2 (4.61 > 3.21 for the class-0 image) ½ again:
    /// the grid's best is τ = 1.
    @Test func tauIsTunedOnValidationBalancedAccuracy() throws {
        let adjustment = LogitAdjustment(classCounts: [90, 10])
        let logits = Tensor<Float>(shape: [2, 2], scalars: [2, 0, 3, 0])
        let tuned = try adjustment.tunedTau(validationLogits: logits, labels: [1, 0], grid: [0, 0.5, 1, 2])
        #expect(tuned.tau == 1)
        #expect(tuned.balancedAccuracy == [0.5, 0.5, 1, 0.5])
        // A tie goes to the smaller τ: with labels (0, 0), τ = 0 and 0.5 both score ½ (class 1 has no image: recall 0).
        #expect(try adjustment.tunedTau(validationLogits: logits, labels: [0, 0], grid: [0, 0.5, 1]).tau == 0)
    }

    /// Confusion of 3 classes (rows true): class 0: 8 right, 2 as class 2; class 1: 10 right; class 2 (rare): 4
    /// right, 5 as 0, 1 as 1. Recalls 0.8, 1, 0.4; accuracy 22/30; the worst is class 2; its gap 0.4 − 0.9 = −0.5;
    /// its row 0.5, 0.1, 0.4.
    @Test func disparityByHand() {
        let disparity = Disparity(confusion: [[8, 0, 2], [0, 10, 0], [5, 1, 4]], rareClass: 2)
        #expect(disparity.recalls == [0.8, 1, 0.4])
        #expect(disparity.overallAccuracy == 22.0 / 30)
        #expect(disparity.worstClass.class == 2 && disparity.worstClass.recall == 0.4)
        #expect(abs(disparity.gap - (-0.5)) < 1e-15)
        #expect(disparity.rareRow == [0.5, 0.1, 0.4])
    }

    /// A run whose rare class scores `rareRight` of 10 (the other class all 10).
    static func run(seed: Int, _ mitigation: Mitigation, rareRight: Int, fraction: Double = 0.1) -> FairnessRun {
        FairnessRun(rareClass: 1, keepFraction: fraction, seed: seed, mitigation: mitigation, fitClassCounts: [10, 1],
                    steps: 1, trainedImages: 11, trainingSeconds: 1, tau: nil, validationBalancedAccuracy: nil,
                    confusion: [[10, 0], [10 - rareRight, rareRight]])
    }

    /// Changes pair runs by seed: plain 2, 4 of 10 and weighted 5, 9 → differences 0.3, 0.5: mean 0.4, sd 0.1414;
    /// a seed without its plain twin is left out. Recording again replaces a run of the same cell and seed only.
    @Test func changesArePairedBySeedAndRecordingReplaces() throws {
        var results = FairnessResults(budget: .quick)
        results.record([Self.run(seed: 0, .plain, rareRight: 2), Self.run(seed: 1, .plain, rareRight: 4),
                        Self.run(seed: 0, .weightedLoss, rareRight: 5), Self.run(seed: 1, .weightedLoss, rareRight: 9),
                        Self.run(seed: 2, .weightedLoss, rareRight: 1)])
        let change = try #require(results.change(1, keepFraction: 0.1, .weightedLoss, \.rareRecall))
        #expect(change.count == 2 && abs(change.mean - 0.4) < 1e-12 && abs(change.standardDeviation - 0.02.squareRoot()) < 1e-12)
        results.record([Self.run(seed: 1, .plain, rareRight: 9), Self.run(seed: 1, .plain, rareRight: 7, fraction: 0.2)])
        #expect(results.runs.count == 6)
        #expect(results.runs(1, keepFraction: 0.1, .plain).map { $0.disparity(of: 1).rareRecall } == [0.2, 0.9])
        #expect(results.summary(1, keepFraction: 0.5, .plain, \.rareRecall) == nil)
    }

    /// n gray 8×8 images of 3 classes (i mod 3), each class a bright band in its own rows plus a wave, so that a
    /// few steps learn something.
    static func bands(_ n: Int, phase: Double) -> LabeledImages {
        let labels = (0..<n).map { $0 % 3 }
        var pixels: [UInt8] = []
        for i in 0..<n {
            for p in 0..<64 {
                let wave = 30 * (1 + sin(Double(i * 7 + p) + phase))
                pixels.append((p / 8) / 3 == labels[i] ? 200 : UInt8(40 + Int(wave)))
            }
        }
        return LabeledImages(width: 8, height: 8, channels: 1, pixels: pixels, labels: labels, classNames: ["a", "b", "c"])
    }

    /// One setting end to end on 60 small images (class 2 kept at 25%: 5 of 20): the five runs, their sizes
    /// (plain 45 images in 3 steps of 16; oversampling 40 + 20 draws = 60 in 4), the logit adjustments training
    /// nothing and reading the plain model (τ = 1, τ from the grid with its validation curve), every confusion
    /// counting the 15 test images; and the same seed gives the same runs again, bit for bit but the clock.
    @Test func oneSettingEndToEnd() throws {
        let splits = DataSplits(fit: Self.bands(60, phase: 0), validation: Self.bands(15, phase: 1),
                                test: Self.bands(15, phase: 2), description: [])
        let budget = FairnessBudget(rareClasses: [2], keepFractions: [0.25], seeds: [0], epochs: 1, batchSize: 16,
                                    learningRate: 0.001, tauGrid: [0, 1], fitLimit: 0, validationLimit: 0, testLimit: 0)
        let experiment = try FairnessExperiment(budget: budget, splits: splits)
        func runs() throws -> [FairnessRun] {
            try experiment.runs(2, keepFraction: 0.25, seed: 0) { _, _ in }.map { run in
                var run = run
                run.trainingSeconds = 0
                return run
            }
        }
        let first = try runs()
        #expect(Set(first.map(\.mitigation)) == Set(Mitigation.allCases) && first.count == 5)
        let byMethod = Dictionary(uniqueKeysWithValues: first.map { ($0.mitigation, $0) })
        #expect(first.allSatisfy { $0.fitClassCounts == [20, 20, 5] && $0.confusion.joined().reduce(0, +) == 15 })
        #expect(byMethod[.plain]!.trainedImages == 45 && byMethod[.plain]!.steps == 3)
        #expect(byMethod[.weightedLoss]!.trainedImages == 45 && byMethod[.weightedLoss]!.steps == 3)
        #expect(byMethod[.oversampling]!.trainedImages == 60 && byMethod[.oversampling]!.steps == 4)
        #expect(byMethod[.logitAdjustment]!.steps == 0 && byMethod[.logitAdjustment]!.tau == 1)
        let tuned = byMethod[.tunedLogitAdjustment]!
        #expect(tuned.steps == 0 && [0, 1].contains(tuned.tau!) && tuned.validationBalancedAccuracy?.count == 2)
        #expect(try runs() == first)
    }

    /// Bad options get one line each.
    @Test func optionsAreValidated() {
        var options = FairnessOptions()
        options.seeds = [0]
        #expect(throws: OptionError("--rare-classes and --seeds choose which runs to train: they go with --train")) {
            try options.validate()
        }
        options.train = true
        options.seeds = [7]
        #expect(throws: OptionError("--seeds must list declared seeds (0, 1, 2), got [7]")) { try options.validate() }
        options.seeds = nil
        options.rareClasses = [3]
        #expect(throws: OptionError("--rare-classes must list classes of the plan (6, 1), got [3]")) { try options.validate() }
        options.rareClasses = [6]
        #expect(throws: Never.self) { try options.validate() }
    }
}
