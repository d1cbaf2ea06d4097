import Foundation
import Testing
@testable import DeepLearning

// The engine's layers against PyTorch float64 (conv2d.json, maxpool2d.json, linear.json, batchnorm2d.json): the
// layer gets the fixture's weights, runs forward on the fixture's input and backward on its closed-form upstream
// gradient, and every output and gradient must equal PyTorch's.
//
// Tolerances: a sum of n products a·b, computed in any order (BLAS blocks, PyTorch's im2col or oneDNN), is within
// γₙ·Σ|a·b| ≈ n·u·Σ|a·b| of the exact sum, and Σ|a·b| ≤ n·max|a|·max|b|. So each convolution or linear result is
// compared with `roundingTolerance(operations: n)` relative to n·max|a|·max|b|: at most ~1e-11 of the tensor's
// scale for these sizes, while a wrong index, a missing term or a flipped kernel is wrong at order 1e-1.

/// Expects `actual` to equal `expected`, sums of `terms` products whose factors are at most `largestFactors`.
private func expectSumsClose(_ actual: [Double], _ expected: [Double], terms: Int, largestFactors: (Double, Double),
                             _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose(actual, expected, tolerance: roundingTolerance(operations: terms),
                scale: Double(terms) * largestFactors.0 * largestFactors.1, what, sourceLocation: sourceLocation)
}

/// Runs `layer` forward on the case's input and backward on its upstream gradient (parameter gradients zeroed).
private func run<L: Layer<Double>>(_ layer: L, _ stored: Fixture.Case) throws
    -> (output: Tensor<Double>, inputGradient: Tensor<Double>)
{
    for parameter in layer.parameters { parameter.zeroGradient() }
    let output = try layer.forward(try stored.tensor("input"))
    let inputGradient = try layer.backward(try stored.tensor("upstream"))
    return (output, inputGradient)
}

/// The largest |value| of the case's tensor `name`.
private func largest(_ stored: Fixture.Case, _ name: String) throws -> Double {
    largestMagnitude(try stored.values(name))
}

/// Checks a layer with a weight and a bias (Conv2d, Linear): each output is the bias plus a sum of
/// `terms.output` products w·x (the bias, below every |w·x| bound here, counts as one more term); each input
/// gradient a sum of `terms.input` products w·dy; each weight gradient a sum of `terms.parameters` products x·dy
/// and each bias gradient a sum of as many values of dy.
private func expectWeightedLayerMatches(_ name: String, _ stored: Fixture.Case, output: Tensor<Double>,
                                        inputGradient: Tensor<Double>, weight: Parameter<Double>,
                                        bias: Parameter<Double>, terms: (output: Int, input: Int, parameters: Int),
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
    let (x, w, dy) = (try largest(stored, "input"), try largest(stored, "weight"), try largest(stored, "upstream"))
    expectSumsClose(output.scalars, try stored.values("output"), terms: terms.output + 1, largestFactors: (w, x),
                    "\(name) output", sourceLocation: sourceLocation)
    expectSumsClose(inputGradient.scalars, try stored.values("grad_input"), terms: terms.input,
                    largestFactors: (w, dy), "\(name) input gradient", sourceLocation: sourceLocation)
    expectSumsClose(weight.gradient.scalars, try stored.values("grad_weight"), terms: terms.parameters,
                    largestFactors: (x, dy), "\(name) weight gradient", sourceLocation: sourceLocation)
    expectSumsClose(bias.gradient.scalars, try stored.values("grad_bias"), terms: terms.parameters,
                    largestFactors: (1, dy), "\(name) bias gradient", sourceLocation: sourceLocation)
}

@Suite("Layers against PyTorch (layer fixtures)")
struct PyTorchLayerFixtureTests {
    @Test(arguments: ["conv2d_k3_s1_p0", "conv2d_k3_s1_p1", "conv2d_k3_s2_p1", "conv2d_k2_s2_p0"])
    func conv2dMatchesPyTorch(_ name: String) throws {
        let stored = try Fixture.load("conv2d.json").case(name)
        let (cin, cout, k) = (try stored.integer("in_channels"), try stored.integer("out_channels"),
                              try stored.integer("kernel_size"))
        var generator = RandomGenerator(seed: 1)
        let conv = Conv2d<Double>(name: "conv", inputChannels: cin, outputChannels: cout, kernelSize: k,
                                  stride: try stored.integer("stride"), padding: try stored.integer("padding"),
                                  generator: &generator)
        conv.weight.value = try stored.tensor("weight")
        let bias = try #require(conv.bias)
        bias.value = try stored.tensor("bias")
        let (output, inputGradient) = try run(conv, stored)
        let expectedShape = try stored.tensor("output").shape
        #expect(output.shape == expectedShape)
        // output = bias + Σ of C·K·K products w·x; dX gathers at most OC·K·K products w·dy; dW and db sum over
        // the N·OH·OW output positions.
        try expectWeightedLayerMatches(name, stored, output: output, inputGradient: inputGradient,
                                       weight: conv.weight, bias: bias,
                                       terms: (output: cin * k * k, input: cout * k * k,
                                               parameters: expectedShape[0] * expectedShape[2] * expectedShape[3]))
    }

    /// Max pooling copies: the output is PyTorch's exactly. The input gradient routes dy to each window's maximum;
    /// where windows overlap (k > s) an element receives up to ⌈k/s⌉² terms, summed in some order.
    @Test(arguments: ["maxpool2d_k2_s2", "maxpool2d_k3_s2_overlapping"])
    func maxPool2dMatchesPyTorch(_ name: String) throws {
        let stored = try Fixture.load("maxpool2d.json").case(name)
        let (k, s) = (try stored.integer("kernel_size"), try stored.integer("stride"))
        let pool = MaxPool2d<Double>(name: "pool", kernelSize: k, stride: s)
        let (output, inputGradient) = try run(pool, stored)
        #expect(output == (try stored.tensor("output")))
        let windowsPerElement = ((k + s - 1) / s) * ((k + s - 1) / s)
        expectSumsClose(inputGradient.scalars, try stored.values("grad_input"), terms: windowsPerElement,
                        largestFactors: (1, try largest(stored, "upstream")), "\(name) input gradient")
    }

    @Test func linearMatchesPyTorch() throws {
        let stored = try Fixture.load("linear.json").case("linear_4x5_to_3")
        var generator = RandomGenerator(seed: 1)
        let (inFeatures, outFeatures) = (try stored.integer("in_features"), try stored.integer("out_features"))
        let linear = Linear<Double>(name: "fc", inputFeatures: inFeatures, outputFeatures: outFeatures,
                                    generator: &generator)
        linear.weight.value = try stored.tensor("weight")
        let bias = try #require(linear.bias)
        bias.value = try stored.tensor("bias")
        let (output, inputGradient) = try run(linear, stored)
        // output = bias + Σ of in products w·x; dX sums out products w·dy; dW and db sum over the batch.
        try expectWeightedLayerMatches("linear", stored, output: output, inputGradient: inputGradient,
                                       weight: linear.weight, bias: bias,
                                       terms: (output: inFeatures, input: outFeatures,
                                               parameters: try stored.integer("batch")))
    }

    /// Batch norm in training mode normalises with the batch statistics over M = N·H·W values per channel and
    /// moves the running statistics by momentum 0.1 (the variance unbiased, M/(M − 1), as PyTorch); in evaluation
    /// mode it normalises with the running statistics and leaves them alone.
    ///
    /// Tolerances: the mean and variance are sums of M terms, so x̂ = (x − μ)/σ carries about 2M roundings
    /// relative to max|x − μ|/σ = max|x̂|; y = γx̂ + β then to max|γ|·max|x̂| + max|β|. The input gradient
    /// γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)) sums M terms twice, relative to max|γ|/σ_min·max|dy|·(1 + max|x̂|²);
    /// dγ = Σ dy·x̂ and dβ = Σ dy are sums of M products. 2M + 10 roundings cover the few extra operations.
    @Test(arguments: ["batchnorm2d_train", "batchnorm2d_eval"])
    func batchNorm2dMatchesPyTorch(_ name: String) throws {
        let stored = try Fixture.load("batchnorm2d.json").case(name)
        let channels = try stored.integer("channels")
        let norm = BatchNorm2d<Double>(name: "bn", channels: channels, momentum: try stored.number("momentum"),
                                       epsilon: try stored.number("eps"))
        norm.weight.value = try stored.tensor("weight")
        norm.bias.value = try stored.tensor("bias")
        norm.runningMean.value = try stored.tensor("running_mean")
        norm.runningVariance.value = try stored.tensor("running_var")
        norm.isTraining = try stored.integer("training") == 1
        let (output, inputGradient) = try run(norm, stored)

        let input = try stored.tensor("input")
        let m = input.shape[0] * input.shape[2] * input.shape[3]
        // σ per channel as the layer normalises with it: batch variance (biased) in training, running in eval.
        let (means, variances) = norm.isTraining ? channelMoments(input) : (norm.runningMean.value.scalars,
                                                                            try stored.values("running_var"))
        let epsilon = try stored.number("eps")
        let sigmaMin = try #require(variances.map { ($0 + epsilon).squareRoot() }.min())
        let largestNormalized = largestMagnitude(channelValues(input).enumerated().flatMap { c, values in
            values.map { ($0 - means[c]) / sigmaMin }
        })
        let (gamma, beta, dy) = (try largest(stored, "weight"), try largest(stored, "bias"), try largest(stored, "upstream"))
        let tolerance = roundingTolerance(operations: 2 * m + 10)
        expectClose(output.scalars, try stored.values("output"), tolerance: tolerance,
                    scale: gamma * largestNormalized + beta, "\(name) output")
        expectClose(inputGradient.scalars, try stored.values("grad_input"), tolerance: tolerance,
                    scale: gamma / sigmaMin * dy * (1 + largestNormalized * largestNormalized), "\(name) input gradient")
        expectSumsClose(norm.weight.gradient.scalars, try stored.values("grad_weight"), terms: m,
                        largestFactors: (dy, largestNormalized), "\(name) weight gradient")
        expectSumsClose(norm.bias.gradient.scalars, try stored.values("grad_bias"), terms: m,
                        largestFactors: (1, dy), "\(name) bias gradient")
        // Running statistics: (1 − 0.1)·old + 0.1·(a sum of M terms), relative to max|x| (mean) and max|x|² (var).
        let x = largestMagnitude(input.scalars)
        expectClose(norm.runningMean.value.scalars, try stored.values("running_mean_after"), tolerance: tolerance,
                    scale: x, "\(name) running mean")
        expectClose(norm.runningVariance.value.scalars, try stored.values("running_var_after"), tolerance: tolerance,
                    scale: x * x, "\(name) running variance")
    }
}

/// The values of each channel of an N×C×H×W tensor.
private func channelValues(_ x: Tensor<Double>) -> [[Double]] {
    let (n, c, plane) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
    return (0..<c).map { channel -> [Double] in
        (0..<n).flatMap { image -> ArraySlice<Double> in
            let start = (image * c + channel) * plane
            return x.scalars[start..<(start + plane)]
        }
    }
}

/// Per-channel mean and biased variance (what training-mode batch norm divides by), computed plainly.
private func channelMoments(_ x: Tensor<Double>) -> (means: [Double], variances: [Double]) {
    let channels = channelValues(x)
    let means = channels.map { $0.reduce(0, +) / Double($0.count) }
    let variances = zip(channels, means).map { values, mean in
        values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }
    return (means, variances)
}

@Suite("Fixture files")
struct FixtureFileTests {
    /// The fixtures' inputs are the closed form of make_fixtures.py, input[i] = sin(0.37·i + 0.1), so decoding
    /// the JSON gives PyTorch's doubles: within 1 ulp (Python's math.sin and Swift's sin are both libm's, but
    /// another libm may round the last bit differently).
    @Test func inputsAreTheClosedFormOfTheScript() throws {
        let stored = try Fixture.load("conv2d.json").case("conv2d_k3_s1_p0")
        let input = try stored.values("input")
        #expect(input.count == 2 * 3 * 6 * 6)
        for (i, value) in input.enumerated() {
            let expected = sin(0.37 * Double(i) + 0.1)
            #expect(abs(value - expected) <= expected.ulp, "input[\(i)] = \(value), closed form \(expected)")
        }
    }

    /// Every file names its generator and was produced in float64.
    @Test(arguments: ["conv2d.json", "maxpool2d.json", "linear.json", "batchnorm2d.json", "losses.json",
                      "optimizers.json", "adam_scalar.json"])
    func fileDeclaresItsOrigin(_ file: String) throws {
        let fixture = try Fixture.load(file)
        #expect(fixture.generator == "Tests/DeepLearningTests/Fixtures/make_fixtures.py")
        #expect(fixture.dtype == "float64")
        #expect(fixture.torch.hasPrefix("2."))
        #expect(!fixture.cases.isEmpty)
    }
}
