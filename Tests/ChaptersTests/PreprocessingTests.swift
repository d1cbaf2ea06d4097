import Testing
import DeepLearning
@testable import Chapters

/// §5.2.1: the article's transform is deterministic (erratum 5); a transform with random steps is not.
struct PreprocessingTests {
    @Test func theArticlesTransformGivesEveryEpochTheSameTensors() throws {
        let result = try Preprocessing.erratumFiveExperiment()
        #expect(result.plain.identical == 8 && result.plain.total == 8)
        // A random crop of a padded random image and a coin-flip mirror: an image repeats only if both epochs draw
        // the same offsets and the same flip, probability (1/25)·(1/2) per image (25 crop positions).
        #expect(result.augmented.identical < 8)
        #expect(PreprocessingStep.errataChecks.map(\.erratum) == [5])
        #expect(PreprocessingStep.errataChecks[0].evaluate().confirmed)
    }

    @Test func channelSummaryIsPerChannel() {
        // Channel 0 holds 0, 2 (mean 1, std 1); channel 1 holds 4, 4 (mean 4, std 0); one image [2, 1, 2].
        let tensor = Tensor<Float>(shape: [2, 1, 2], scalars: [0, 2, 4, 4])
        #expect(PreprocessingStep.channelSummary(tensor) == "c0 mean 1 std 1 [0, 2] | c1 mean 4 std 0 [4, 4]")
    }
}
