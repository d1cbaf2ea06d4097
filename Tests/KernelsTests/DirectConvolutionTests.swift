import Testing
@testable import Kernels

@Suite("Direct 3×3 convolution against its naive twin")
struct DirectConvolutionTests {
    /// (batch, channels, height, width, output channels): the small ResNet's stages (16 at 28², 32 at 14², 64 at
    /// 7²), channel counts that are not multiples of 8 or 16 (a tile's lanes partly unused, a second tile of 1
    /// channel for 17 and 33), widths 7 and 14, batch 1, the fewest channels the kernel takes (8) and the smallest
    /// plane one tile covers (2×3 = 6 pixels).
    static let shapes: [(batch: Int, channels: Int, height: Int, width: Int, outputChannels: Int)] = [
        (2, 16, 28, 28, 16), (1, 32, 14, 14, 32), (2, 64, 7, 7, 64), (1, 9, 7, 7, 12),
        (2, 17, 14, 14, 20), (3, 8, 2, 3, 9), (1, 12, 7, 14, 33),
    ]

    static func geometry(_ shape: (batch: Int, channels: Int, height: Int, width: Int, outputChannels: Int)) -> WindowGeometry {
        WindowGeometry(batch: shape.batch, channels: shape.channels, height: shape.height, width: shape.width,
                       kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
    }

    /// Forward and the three gradients on whole numbers in [−4, 4]: every product is an integer of size ≤ 16 and
    /// every sum has at most 64·9 (forward, ∂L/∂input) or 2·28·28 (∂L/∂weight) terms, so every partial sum is an
    /// integer below 2²⁴ and exact in Float in any order. The tolerance is therefore zero: any difference is a bug.
    /// Weight and bias gradients start at 1 to check that backward adds to them. Run with 1, 2 and 3 workers
    /// (the batch split, partial gradients added in worker order).
    @Test(arguments: [1, 2, 3]) func wholeNumbersMatchNaiveExactly(workers: Int) {
        KernelWorkers.$count.withValue(workers) {
            for shape in Self.shapes {
                let g = Self.geometry(shape), oc = shape.outputChannels
                #expect(g.suitsDirectConvolution(outputChannels: oc, scalar: Float.self))
                let input: [Float] = wholeNumbers(g.inputCount, seed: 1)
                let weight: [Float] = wholeNumbers(oc * g.patchSize, seed: 2)
                let bias: [Float] = wholeNumbers(oc, seed: 3)
                let outputGradient: [Float] = wholeNumbers(g.batch * oc * g.outputPlane, seed: 4)
                let fast = Self.direct(g, outputChannels: oc, input: input, weight: weight, bias: bias,
                                       outputGradient: outputGradient, gradientStart: 1)
                let naive = naiveConvolutionBackward(g, outputChannels: oc, input: input, weight: weight,
                                                     outputGradient: outputGradient)
                #expect(fast.output == naiveConvolutionForward(g, outputChannels: oc, input: input, weight: weight,
                                                               bias: bias), "forward \(shape)")
                #expect(fast.weight == naive.weight.map { $0 + 1 }, "weight gradient \(shape)")
                #expect(fast.bias == naive.bias.map { $0 + 1 }, "bias gradient \(shape)")
                #expect(fast.input == naive.input, "input gradient \(shape)")
            }
        }
    }

    /// On uniform reals in [−1, 1), where the two add their terms in different orders: each result may differ from
    /// the naive twin's by at most the sum of both orders' rounding bounds. A recursive sum of n terms (each a
    /// rounded product, as in the naive twin, or an exact one under FMA) is off by at most γ_n·Σ|terms| with
    /// γ_n = n·u/(1 − n·u), u = 2⁻²⁴ (Higham, Accuracy and Stability, §3.1), so |fast − naive| ≤ 2·γ_(n+1)·Σ|terms|
    /// (+1: the product's own rounding). Σ|terms| is the naive twin run on the absolute values, itself low by at most
    /// a factor 1 − γ_n (hence the division by it). The tile sums in
    /// order, one per image for ∂L/∂weight, then adds image after image: still a recursive sum of the same n terms
    /// grouped, covered by the same γ_n.
    @Test func realsMatchNaiveWithinRoundingBound() {
        var generator = SplitMix(seed: 7)
        for shape in Self.shapes {
            let g = Self.geometry(shape), oc = shape.outputChannels
            let input = generator.uniforms(g.inputCount), weight = generator.uniforms(oc * g.patchSize)
            let bias = generator.uniforms(oc), outputGradient = generator.uniforms(g.batch * oc * g.outputPlane)
            let fast = Self.direct(g, outputChannels: oc, input: input, weight: weight, bias: bias,
                                   outputGradient: outputGradient, gradientStart: 0)
            let naiveOutput = naiveConvolutionForward(g, outputChannels: oc, input: input, weight: weight, bias: bias)
            let naive = naiveConvolutionBackward(g, outputChannels: oc, input: input, weight: weight,
                                                 outputGradient: outputGradient)
            let absolute = { (values: [Float]) in values.map(abs) }
            let magnitudeOutput = naiveConvolutionForward(g, outputChannels: oc, input: absolute(input),
                                                          weight: absolute(weight), bias: absolute(bias))
            let magnitude = naiveConvolutionBackward(g, outputChannels: oc, input: absolute(input),
                                                     weight: absolute(weight), outputGradient: absolute(outputGradient))
            func check(_ fast: [Float], _ naive: [Float], _ magnitude: [Float], terms: Int, _ what: String) {
                let u = 0x1p-24, n = Double(terms + 1), gamma = n * u / (1 - n * u)
                let worst = zip(zip(fast, naive), magnitude).map { pair, size in
                    Double(abs(pair.0 - pair.1)) / (2 * gamma * Double(size) / (1 - gamma))
                }.max() ?? 0
                #expect(worst <= 1, "\(what) \(shape): \(worst) of the rounding bound")
            }
            check(fast.output, naiveOutput, magnitudeOutput, terms: g.patchSize + 1, "forward")
            check(fast.weight, naive.weight, magnitude.weight, terms: g.batch * g.outputPlane, "weight gradient")
            check(fast.bias, naive.bias, magnitude.bias, terms: g.batch * g.outputPlane, "bias gradient")
            check(fast.input, naive.input, magnitude.input, terms: oc * 9, "input gradient")
        }
    }

    /// The shape check: only 3×3 windows at stride 1 with padding 1, in Float, with 8…64 channels each side and a
    /// plane of at least one tile (6 pixels).
    @Test func suitsOnlyItsShapes() {
        let base = WindowGeometry(batch: 2, channels: 16, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3,
                                  stride: 1, padding: 1)
        #expect(base.suitsDirectConvolution(outputChannels: 16, scalar: Float.self))
        #expect(!base.suitsDirectConvolution(outputChannels: 16, scalar: Double.self))
        #expect(!base.suitsDirectConvolution(outputChannels: 65, scalar: Float.self))
        var other = base
        other.stride = 2
        #expect(!other.suitsDirectConvolution(outputChannels: 16, scalar: Float.self))
        other = base
        other.padding = 0
        #expect(!other.suitsDirectConvolution(outputChannels: 16, scalar: Float.self))
        other = base
        other.kernelHeight = 1
        other.kernelWidth = 1
        other.padding = 0
        #expect(!other.suitsDirectConvolution(outputChannels: 16, scalar: Float.self))
        other = base
        other.channels = 65
        #expect(!other.suitsDirectConvolution(outputChannels: 16, scalar: Float.self))
        other.channels = 1  // the 1-channel stem: slower direct (see `suitsDirectConvolution`)
        #expect(!other.suitsDirectConvolution(outputChannels: 16, scalar: Float.self))
        #expect(!base.suitsDirectConvolution(outputChannels: 7, scalar: Float.self))
        other = base
        other.height = 1
        other.width = 5
        #expect(!other.suitsDirectConvolution(outputChannels: 16, scalar: Float.self))
    }

    /// Forward, then backward (all gradients) through the direct kernel; weight and bias gradients start at
    /// `gradientStart`.
    static func direct(_ g: WindowGeometry, outputChannels: Int, input: [Float], weight: [Float], bias: [Float],
                       outputGradient: [Float], gradientStart: Float)
        -> (output: [Float], weight: [Float], bias: [Float], input: [Float]) {
        var workspace = DirectConvolutionWorkspace()
        var output: [Float] = []
        bias.withUnsafeBufferPointer { b in
            directConvolutionForward(g, outputChannels: outputChannels, input: input, weight: weight,
                                     bias: b.baseAddress, workspace: &workspace, output: &output)
        }
        var weightGradient = [Float](repeating: gradientStart, count: weight.count)
        var biasGradient = [Float](repeating: gradientStart, count: outputChannels)
        var inputGradient: [Float] = []
        directConvolutionBackward(g, outputChannels: outputChannels, input: input, outputGradient: outputGradient,
                                  weight: weight, workspace: &workspace, weightGradient: &weightGradient,
                                  biasGradient: &biasGradient, computeInputGradient: true, inputGradient: &inputGradient)
        return (output, weightGradient, biasGradient, inputGradient)
    }
}

/// Uniform reals in [−1, 1) from SplitMix64: a test's fixed, seeded draws.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniforms(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float(next() >> 40) * 0x1p-23 - 1 }
    }
}
