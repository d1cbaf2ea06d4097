import Testing
@testable import DeepLearning

/// The Transformer's layers against central differences in Double (step and threshold: `GradientCheck`), every
/// input element and every parameter element, parameters random (LayerNorm's γ = 1, β = 0 would hide mistakes).
@Suite("Gradient checks of the Transformer layers")
struct TransformerGradientTests {
    /// Linear over tokens [B, T, C]: every token a row of the same weight.
    @Test func linearOverTokens() throws {
        var generator = RandomGenerator(seed: 1)
        try GradientCheck.expectPasses(Linear<Double>(name: "fc", inputFeatures: 3, outputFeatures: 4, generator: &generator),
                         inputShape: [2, 3, 3], seed: 2)
    }

    @Test func layerNorm() throws {
        try GradientCheck.expectPasses(LayerNorm<Double>(name: "norm", channels: 5), inputShape: [2, 3, 5], seed: 3)
    }

    @Test(arguments: GELUApproximation.allCases)
    func gelu(_ approximation: GELUApproximation) throws {
        try GradientCheck.expectPasses(GELU<Double>(name: "act", approximation: approximation), inputShape: [2, 3, 4], seed: 4)
    }

    /// The attention core alone, one and two heads, with and without the causal mask.
    @Test(arguments: [(1, false), (2, false), (2, true)])
    func scaledDotProductAttention(heads: Int, causal: Bool) throws {
        try GradientCheck.expectPasses(ScaledDotProductAttention<Double>(name: "attend", heads: heads, causal: causal),
                         inputShape: [2, 4, 3 * 4], seed: 5)
    }

    @Test func multiHeadSelfAttention() throws {
        var generator = RandomGenerator(seed: 6)
        let attention = Sequential<Double>.multiHeadSelfAttention(name: "attn", dimension: 4, heads: 2,
                                                                  generator: &generator)
        attention.needsInputGradient = true
        try GradientCheck.expectPasses(attention, inputShape: [2, 3, 4], seed: 7)
    }

    @Test func transformerBlock() throws {
        var generator = RandomGenerator(seed: 8)
        let block = Sequential<Double>.transformerBlock(name: "0", dimension: 4, heads: 2, generator: &generator)
        block.needsInputGradient = true
        try GradientCheck.expectPasses(block, inputShape: [2, 3, 4], seed: 9)
    }

    @Test func patchEmbedding() throws {
        var generator = RandomGenerator(seed: 10)
        try GradientCheck.expectPasses(PatchEmbedding<Double>(name: "patch_embed", inputChannels: 2, dimension: 3, patchSize: 2,
                                                generator: &generator), inputShape: [2, 2, 4, 6], seed: 11)
    }

    /// The whole ViT, with the class token, the position embedding and the head on the class token.
    @Test func visionTransformer() throws {
        var generator = RandomGenerator(seed: 12)
        let model = VisionTransformer<Double>(imageSize: 4, patchSize: 2, dimension: 4, depth: 2, heads: 2,
                                              classes: 3, generator: &generator)
        model.needsInputGradient = true
        try GradientCheck.expectPasses(model, inputShape: [2, 1, 4, 4], seed: 13)
    }
}
