import Foundation
import Testing
import DeepLearning
@testable import Training

@Suite("Test-time augmentation: the softmax average over the image and its mirror image")
struct FlipTestTimeAugmentationTests {
    /// Flatten then Linear(2 → 3) with W = [[1, 0], [0, 0], [0, 0]], no bias, on 1×1×2 images x = [a, b]:
    /// logits f(x) = [a, 0, 0] and f(flip x) = [b, 0, 0]. Their softmaxes averaged:
    /// p₀ = ½(eᵃ/(eᵃ + 2) + eᵇ/(eᵇ + 2)), p₁ = p₂ = ½(1/(eᵃ + 2) + 1/(eᵇ + 2)).
    /// (The logit average would give [(a + b)/2, 0, 0], a different distribution: the test tells them apart.)
    static func model() -> Sequential<Float> {
        var generator = RandomGenerator(seed: 0)
        let linear = Linear<Float>(name: "fc", inputFeatures: 2, outputFeatures: 3, bias: false, generator: &generator)
        linear.weight.value = Tensor(shape: [3, 2], scalars: [1, 0, 0, 0, 0, 0])
        return Sequential(layers: [Flatten(name: "flatten"), linear])
    }

    @Test func probabilitiesAreTheClosedForm() throws {
        let pairs: [(a: Float, b: Float)] = [(3, -3), (1, -3), (0, 0), (-2, 5)]
        let inputs = Tensor<Float>(shape: [pairs.count, 1, 1, 2], scalars: pairs.flatMap { [$0.a, $0.b] })
        let probabilities = try flipAveragedProbabilities(of: Self.model(), inputs)
        #expect(probabilities.shape == [pairs.count, 3])
        for (n, (a, b)) in pairs.enumerated() {
            let (ea, eb) = (exp(Double(a)), exp(Double(b)))
            let expected = [(ea / (ea + 2) + eb / (eb + 2)) / 2, (1 / (ea + 2) + 1 / (eb + 2)) / 2,
                            (1 / (ea + 2) + 1 / (eb + 2)) / 2]
            // Float: an exp, a 3-term sum, a division and the mean: well under 16 ulps of 1 (1e-6).
            for c in 0..<3 { #expect(abs(Double(probabilities[n, c]) - expected[c]) < 1e-6, "image \(n), class \(c)") }
        }
    }

    /// x = [1, −3]: alone the model says class 0 (logits [1, 0, 0]); averaged with the mirror image (logits
    /// [−3, 0, 0]), p₀ = ½(e/(e + 2) + e⁻³/(e⁻³ + 2)) ≈ 0.300 < p₁ = p₂ ≈ 0.350, so class 1 (the first of the tie,
    /// as torch.argmax). x = [3, −3]: p₀ ≈ 0.467 stays the largest, class 0.
    @Test func theMirrorImageCanChangeThePrediction() throws {
        let model = Self.model()
        let source = FixedBatches([FixedBatches.Batch(inputs: Tensor(shape: [2, 1, 1, 2], scalars: [1, -3, 3, -3]),
                                                      targets: [0, 0])])
        #expect(try predictedClasses(of: model, on: source) == [0, 0])
        #expect(try flipAveragedPredictedClasses(of: model, on: source) == [1, 0])
    }

    @Test func flipMirrorsEveryRowOfEveryChannel() {
        // [1, 2, 2, 3]: two channels of two rows of three pixels, 0…11.
        let inputs = Tensor<Float>(shape: [1, 2, 2, 3], scalars: (0..<12).map(Float.init))
        #expect(horizontallyFlipped(inputs).scalars == [2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9])
    }
}
