import Testing
@testable import DeepLearning

@Suite("Model summary of the article's CNN")
struct ModelSummaryTests {
    /// Parameters by hand, 28×28 adaptation: conv1 1·64·9 + 64 = 640; conv2 64·128·9 + 128 = 73,856;
    /// fc1 6272·128 + 128 = 802,944; fc2 128·10 + 10 = 1,290; total 878,730.
    /// FLOPs per image (2 per multiply-add): conv1 2·64·9·784 = 903,168; conv2 2·128·576·196 = 28,901,376;
    /// fc1 2·6272·128 = 1,605,632; fc2 2·128·10 = 2,560; forward 31,412,736. A training step adds the weight
    /// gradients (the forward FLOPs again) and the input gradients of all but conv1 (28,901,376 + 1,605,632 + 2,560):
    /// 93,335,040 per image.
    @Test func adaptedTo28() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>.articleCNN(inputChannels: 1, fc1InputFeatures: 6272, generator: &generator)
        let summary = try ModelSummary(of: model, inputShape: [1, 1, 28, 28])
        #expect(summary.totalParameterCount == 878_730)
        #expect(summary.rows.map(\.parameterCount) == [640, 0, 0, 73_856, 0, 0, 0, 802_944, 0, 1_290])
        #expect(summary.rows.map(\.outputShape) == [[1, 64, 28, 28], [1, 64, 28, 28], [1, 64, 14, 14],
                                                    [1, 128, 14, 14], [1, 128, 14, 14], [1, 128, 7, 7], [1, 6272],
                                                    [1, 128], [1, 128], [1, 10]])
        #expect(summary.rows.map(\.forwardFlops) == [903_168, 0, 0, 28_901_376, 0, 0, 0, 1_605_632, 0, 2_560])
        #expect(summary.forwardFlops == 31_412_736)
        #expect(summary.trainingStepFlops == 93_335_040)
        #expect(summary.description.contains("conv2 (Conv2d)"))
        #expect(summary.description.contains("Total params: 878,730"))
    }

    /// As written: conv1 3·64·9 + 64 = 1,792; conv2 73,856; fc1 100,352·128 + 128 = 12,845,184; fc2 1,290:
    /// 12,922,122, with 112×112 inputs (the size at which fc1's 128·28·28 fits).
    @Test func asWritten() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>.articleCNN(inputChannels: 3, fc1InputFeatures: 128 * 28 * 28, generator: &generator)
        let summary = try ModelSummary(of: model, inputShape: [64, 3, 112, 112])
        #expect(summary.totalParameterCount == 12_922_122)
        #expect(summary.trainableParameterCount == 12_922_122)
        model.parameters[0].requiresGradient = false
        #expect(try ModelSummary(of: model, inputShape: [64, 3, 112, 112]).frozenParameterCount == 1_728)
    }

    /// The small ViT at 1×28×28 (50 tokens of 64 channels, 6 blocks of 4 heads), FLOPs per image by hand:
    /// patch_embed 2·49·64·16 = 100,352; per block qkv 2·50·64·192 = 1,228,800, proj 2·50·64·64 = 409,600, fc1 and
    /// fc2 2·50·64·256 = 1,638,400 each, attention Q·Kᵀ and P·V 2·(2·50²·64) = 640,000; head 2·64·10 = 1,280;
    /// forward 100,352 + 6·(4,915,200 + 640,000) + 1,280 = 33,432,832. A training step: patch_embed ×2 (the first
    /// layer: no input gradient), every Linear ×3, attention ×3 (dV, dP, dQ, dK: two products of the forward's size
    /// per forward product): 200,704 + 3·(6·4,915,200 + 1,280) + 3·6·640,000 = 100,198,144.
    @Test func theSmallViTCountsAttentionInItsTrainingStep() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>.smallViT(generator: &generator)
        let summary = try ModelSummary(of: model, inputShape: [1, 1, 28, 28])
        #expect(summary.forwardFlops == 33_432_832)
        #expect(summary.trainingStepFlops == 100_198_144)
    }
}
