/// SmoothGrad (Smilkov et al. 2017): the input gradient of the class score averaged over `samples` noisy copies of
/// each image, x + ε with ε ~ N(0, σ²) per pixel, which removes the pixel-to-pixel flicker of the plain gradient
/// (a ReLU network's gradient jumps wherever a unit switches on or off) and keeps what stays put under noise.
///
/// The paper sets σ as a share of the input's range (10–20% works best on ImageNet) and uses n = 50.
/// The mean is signed (the raw gradients are averaged; a chart takes its magnitude). Each sample is one batch of
/// all the images, noised, the same batch shape as the plain gradient, and the sum is kept in Double: with σ = 0
/// every sample repeats the plain gradient's computation bit for bit, and n equal Floats sum exactly in Double and
/// divide back exactly, so σ = 0 gives exactly `ClassScoreGradients`' input gradient.
public struct SmoothGrad: Sendable {
    /// σ, in the input's units (after normalisation).
    public let noiseStandardDeviation: Double
    /// n, the noisy copies per image.
    public let samples: Int

    public init(noiseStandardDeviation: Double, samples: Int) {
        precondition(noiseStandardDeviation >= 0 && samples > 0, "SmoothGrad: σ ≥ 0 and at least one sample")
        (self.noiseStandardDeviation, self.samples) = (noiseStandardDeviation, samples)
    }

    /// inputs [N, C, H, W] → the mean input gradient [N, C, H, W], image n explained for `classes[n]`; the noise
    /// draws from `generator` (sample by sample, each a whole batch in order).
    public func gradients<Scalar: KernelScalar>(of model: Sequential<Scalar>, inputs: Tensor<Scalar>, classes: [Int],
                                                generator: inout RandomGenerator) throws -> Tensor<Scalar> {
        var sum = [Double](repeating: 0, count: inputs.count)
        for _ in 0..<samples {
            var noisy = inputs
            if noiseStandardDeviation > 0 {
                let noise: [Scalar] = Initialization.normal(count: inputs.count, standardDeviation: noiseStandardDeviation,
                                                            generator: &generator)
                for i in noisy.scalars.indices { noisy.scalars[i] += noise[i] }
            }
            let gradient = try ClassScoreGradients(of: model, inputs: noisy, classes: classes).inputGradient
            for i in sum.indices { sum[i] += Double(gradient.scalars[i]) }
        }
        return Tensor(shape: inputs.shape, scalars: sum.map { Scalar($0 / Double(samples)) })
    }
}
