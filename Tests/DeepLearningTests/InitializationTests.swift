import Testing
@testable import DeepLearning

@Suite("PyTorch-default initialisation from the seeded generator")
struct InitializationTests {
    /// The documented draw order: weight elements row-major, then bias, layer after layer, one `nextUnitFloat` each,
    /// value = bound·(2u − 1) with bound = 1/√fan_in.
    @Test func drawOrder() {
        var generator = RandomGenerator(seed: 11)
        let fc1 = Linear<Double>(name: "fc1", inputFeatures: 4, outputFeatures: 3, generator: &generator)
        let fc2 = Linear<Double>(name: "fc2", inputFeatures: 9, outputFeatures: 2, generator: &generator)
        var replay = RandomGenerator(seed: 11)
        let draws = (0..<(12 + 3 + 18 + 2)).map { _ in 2 * Double(replay.nextUnitFloat()) - 1 }
        let bound1 = 1 / 4.0.squareRoot(), bound2 = 1 / 9.0.squareRoot()
        #expect(fc1.weight.value.scalars == draws[0..<12].map { bound1 * $0 })
        #expect(fc1.bias!.value.scalars == draws[12..<15].map { bound1 * $0 })
        #expect(fc2.weight.value.scalars == draws[15..<33].map { bound2 * $0 })
        #expect(fc2.bias!.value.scalars == draws[33..<35].map { bound2 * $0 })
    }

    /// Conv2d's fan_in is C·K·K: every weight of a 64→128 3×3 layer lies in [−1/√576, 1/√576) = [−1/24, 1/24).
    /// Over 73,728 uniform draws the extremes come within 1% of the bound (the chance that all miss the outer
    /// 1% at one end is 0.99^73728 ≈ 1e-322).
    @Test func convolutionBounds() {
        var generator = RandomGenerator(seed: 12)
        let conv = Conv2d<Float>(name: "conv2", inputChannels: 64, outputChannels: 128, kernelSize: 3, generator: &generator)
        let weights = conv.weight.value.scalars
        #expect(weights.allSatisfy { $0 >= -1 / 24 && $0 < 1 / 24 })
        #expect(weights.max()! > 0.99 / 24 && weights.min()! < -0.99 / 24)
    }

    /// Same seed, same weights; a Double network starts from its Float twin's numbers (rounded to Float).
    @Test func reproducibleAcrossRunsAndScalarTypes() {
        var a = RandomGenerator(seed: 13), b = RandomGenerator(seed: 13), c = RandomGenerator(seed: 13)
        let first = Sequential<Float>.articleCNN(inputChannels: 1, fc1InputFeatures: 6272, generator: &a)
        let second = Sequential<Float>.articleCNN(inputChannels: 1, fc1InputFeatures: 6272, generator: &b)
        let double = Sequential<Double>.articleCNN(inputChannels: 1, fc1InputFeatures: 6272, generator: &c)
        #expect(first.parameters.map(\.value) == second.parameters.map(\.value))
        #expect(double.parameters.map { $0.value.scalars.map(Float.init) } == first.parameters.map(\.value.scalars))
    }
}
