import Foundation
import Testing
import DeepLearning
@testable import Chapters

@Suite("§8.3 saliency: rank correlation, the grid's images, upsampling, display scaling, options")
struct SaliencyTests {
    /// scipy.stats.spearmanr's definition by hand: ranks of [1, 2, 2, 3] are [1, 2.5, 2.5, 4] (the tie shares
    /// ranks 2 and 3), of [1, 3, 2, 4] they are [1, 3, 2, 4]; about the mean 2.5 the products sum to 4.5 and the
    /// squares to 4.5 and 5, so ρ = 4.5/√22.5 = 3/√10. The tolerance, 1e-15, is a few ulps of a number near 1.
    @Test func spearmanWithTiesByHand() throws {
        let rho = try #require(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4]))
        #expect(abs(rho - 3 / 10.0.squareRoot()) < 1e-15)
        #expect(ranks([5, 1, 5, 5, 0]) == [4, 2, 4, 4, 1])
    }

    @Test func spearmanOfMonotoneMapsAndConstantOnes() {
        let x: [Double] = [0.1, 3, -2, 7, 5]
        #expect(spearmanCorrelation(x, x.map { exp($0) }) == 1)
        #expect(spearmanCorrelation(x, x.map { -$0 * 3 }) == -1)
        #expect(spearmanCorrelation(x, [0, 0, 0, 0, 0]) == nil)
    }

    /// The rule picks, in index order, correct and wrong non-Shirts of classes not yet taken, then Shirts.
    @Test func examplesFollowTheRule() {
        //               0  1  2  3  4  5  6  7  8  9 10 11 12
        let labels =      [1, 1, 6, 2, 6, 3, 0, 4, 6, 5, 7, 6, 8]
        let predictions = [1, 1, 0, 4, 6, 3, 0, 4, 2, 5, 1, 6, 9]
        let chosen = SaliencyExamples(labels: labels, predictions: predictions).examples
        #expect(chosen.filter { $0.kind == .correct }.map(\.index) == [0, 5, 6])
        #expect(chosen.filter { $0.kind == .wrong }.map(\.index) == [3, 10, 12])
        #expect(chosen.filter { $0.kind == .shirtCorrect }.map(\.index) == [4])
        #expect(chosen.filter { $0.kind == .shirtWrong }.map(\.index) == [2, 8])
    }

    /// Half-pixel bilinear 2×2 → 4×4 by hand: along each axis the outputs sit at −0.25 (clamped to 0), 0.25, 0.75
    /// and 1.25 (clamped to 1) in input pixels, so a row [a, b] becomes [a, ¾a + ¼b, ¼a + ¾b, b]. Dyadic weights on
    /// small integers: exact in Float.
    @Test func gradCAMUpsamplingByHand() {
        let up = SaliencyMaps.upsampled([0, 4, 8, 12], to: (4, 4))
        #expect(up == [0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12])
    }

    /// Scaled to the 99th percentile of the positive values (of [2, 4]: index ⌊0.99·2⌋ = 1, so 4), negatives to 0.
    @Test func displayedMapScaling() {
        #expect(SaliencyGrid.displayed([-1, 0, 2, 4]) == [0, 0, 0.5, 1])
        #expect(SaliencyGrid.displayed([0, -3]) == [0, 0])
    }

    /// The cascade works on a copy (the trained model keeps every weight) and its last stage, every layer
    /// replaced, is exactly the fresh model of the random seed: its maps equal the maps of that model computed
    /// directly, bit for bit (the same weights, inputs and noise through the same kernels). 8×8 inputs keep the
    /// article's CNN (fc1 = 128·2·2) small enough for a debug build.
    @Test func cascadeEndsAtTheFreshModelAndLeavesTheTrainedOneAlone() throws {
        let inputShape = [1, 8, 8]
        var trainedGenerator = RandomGenerator(seed: 21)
        let trained = CNNTrainer.articleCNN(inputShape, 3, &trainedGenerator)
        let before = trained.parameters.map(\.value)
        var inputGenerator = RandomGenerator(seed: 22)
        let inputs = Tensor<Float>(shape: [2] + inputShape, scalars: (0..<128).map { _ in inputGenerator.nextUnitFloat() })
        let settings = SaliencyMaps.Settings(smoothGrad: SmoothGrad(noiseStandardDeviation: 0.3, samples: 2),
                                             occlusion: Occlusion(patchSize: 3, stride: 2, fill: 0), gradCAMLayer: 4,
                                             noiseSeed: 23)
        let classes = [0, 2]
        let trainedMaps = try SaliencyMaps(of: trained, inputs: inputs, classes: classes, settings: settings)
        let check = try RandomizationCheck(trained: trained, trainedMaps: trainedMaps, inputs: inputs, classes: classes,
                                           settings: settings, randomSeed: 24, inputShape: inputShape, classCount: 3)
        #expect(trained.parameters.map(\.value) == before)
        #expect(check.stages.map(\.randomisedLayers.count) == [1, 2, 3, 4])
        var randomGenerator = RandomGenerator(seed: 24, stream: CNNTrainer.weightStream)
        let fresh = CNNTrainer.articleCNN(inputShape, 3, &randomGenerator)
        let freshMaps = try SaliencyMaps(of: fresh, inputs: inputs, classes: classes, settings: settings)
        for method in SaliencyMethod.allCases {
            #expect(check.stages.last!.maps.maps[method]! == freshMaps.maps[method]!, "\(method)")
        }
    }

    @Test func optionsAreChecked() {
        var options = SaliencyOptions()
        options.epochs = 0
        #expect(throws: OptionError("--epochs must be between 1 and 20, got 0")) { try options.validate() }
        #expect(SaliencyOptions.quickRun.quick && SaliencyOptions.quickRun.epochs == 1)
        #expect(WorkbookPlan.step(named: SaliencyStep.command)?.section == SaliencyStep.section)
    }
}
