import Testing
import DeepLearning
@testable import Chapters

/// §3.3–3.4's walkthrough on two random 8×8 images: its hand computations agree with the engine.
struct TrainingStepWalkthroughTests {
    @Test func handComputationsAgreeWithTheEngine() throws {
        var generator = RandomGenerator(seed: 11)
        let images = Tensor<Float>(shape: [2, 1, 8, 8], scalars: (0..<128).map { _ in 2 * generator.nextUnitFloat() - 1 })
        let model = CNNTrainer.model(inputShape: [1, 8, 8], classes: 10, generator: &generator)
        let trace = try TrainingStepWalkthrough.run(model, images: images, labels: [3, 7])

        // Shapes: 8×8 → conv 8×8 → pool 4×4 → conv 4×4 → pool 2×2 → 128·2·2 = 512 → 128 → 10.
        #expect(trace.layers.map(\.outputShape) == [[2, 64, 8, 8], [2, 64, 8, 8], [2, 64, 4, 4], [2, 128, 4, 4],
                                                    [2, 128, 4, 4], [2, 128, 2, 2], [2, 512], [2, 128], [2, 128], [2, 10]])
        #expect(trace.layers[0].inputGradientShape == [0])  // the input is data: no gradient for it
        // A 9-term Float dot product (|w| ≤ 1/3, |x| ≤ 1) against Double: a few Float roundings, ≤ 1e-6.
        let c = trace.convolutionCheck
        #expect(abs(Double(c.layer) - c.byHand) < 1e-6)
        // fc2's bias gradient is mean(softmax − onehot): values ≤ 1 through exp and a division in Float, ≤ 1e-6.
        for (backward, closedForm) in zip(trace.biasGradient.backward, trace.biasGradient.closedForm) {
            #expect(abs(Double(backward) - closedForm) < 1e-6)
        }
        // The loss is the mean of −log softmax; with two images its first term is the first image's loss.
        #expect(trace.firstImageLoss > 0)
        // Adam's first step: m₁ = 0.1g, v₁ = 0.001g², Δw = −α·g/(|g| + ε). The optimizer rounds 1 − β₁ and 1 − β₂
        // to Float once, as PyTorch does (relative error ≤ 6e-8 each), and the kernel rounds m₁ once and v₁ twice
        // more: at most 4 roundings of 6e-8 in all, so 3e-7 relative. (Forming 1 − Float(0.999) in Float instead
        // would be off by 1.3e-5 and fail here.)
        let w = trace.weightUpdate, g = Double(w.gradient)
        #expect(abs(Double(w.m) - 0.1 * g) <= 3e-7 * abs(0.1 * g))
        #expect(abs(Double(w.v) - 0.001 * g * g) <= 3e-7 * 0.001 * g * g)
        // The change is computed in Float on a weight of order 0.3: one ulp there is 3e-8.
        #expect(abs((Double(w.after) - Double(w.before)) - (-0.001 * g / (abs(g) + 1e-8))) < 1e-7)
    }
}
