import Testing
@testable import Kernels

@Suite("Convolution (im2col + GEMM) against its naive twin")
struct ConvolutionTests {
    /// On every small geometry, with and without bias: forward, then all three gradients. Whole numbers keep every
    /// sum exact, so the comparison is exact. The weight and bias gradients start from nonzero values to check
    /// that backward ADDS to them.
    func compare<Scalar: KernelScalar>(_: Scalar.Type, geometries: [WindowGeometry] = smallGeometries(),
                                       outputChannels: Int = 3) {
        for g in geometries {
            for withBias in [true, false] {
                let input: [Scalar] = wholeNumbers(g.inputCount, seed: 1)
                let weight: [Scalar] = wholeNumbers(outputChannels * g.patchSize, seed: 2)
                let bias: [Scalar] = withBias ? wholeNumbers(outputChannels, seed: 3) : []
                var workspace = ConvolutionWorkspace<Scalar>()
                var output: [Scalar] = []
                bias.withUnsafeBufferPointer { b in
                    convolutionForward(g, outputChannels: outputChannels, input: input, weight: weight,
                                       bias: withBias ? b.baseAddress : nil, workspace: &workspace, output: &output)
                }
                #expect(output == naiveConvolutionForward(g, outputChannels: outputChannels, input: input,
                                                          weight: weight, bias: bias), "forward \(g)")

                let outputGradient: [Scalar] = wholeNumbers(output.count, seed: 4)
                let naive = naiveConvolutionBackward(g, outputChannels: outputChannels, input: input, weight: weight,
                                                     outputGradient: outputGradient)
                var weightGradient = [Scalar](repeating: 1, count: weight.count)
                var biasGradient = [Scalar](repeating: 1, count: outputChannels)
                var inputGradient: [Scalar] = []
                convolutionBackward(g, outputChannels: outputChannels, input: input, outputGradient: outputGradient, weight: weight,
                                    workspace: &workspace, weightGradient: &weightGradient,
                                    biasGradient: &biasGradient, computeInputGradient: true,
                                    inputGradient: &inputGradient)
                #expect(weightGradient == naive.weight.map { $0 + 1 }, "weight gradient \(g)")
                #expect(biasGradient == naive.bias.map { $0 + 1 }, "bias gradient \(g)")
                #expect(inputGradient == naive.input, "input gradient \(g)")
            }
        }
    }

    @Test func floatMatchesNaive() { compare(Float.self) }
    @Test func doubleMatchesNaive() { compare(Double.self) }

    /// The same with the batch split across 2 and 3 workers (partial weight gradients added at the end); whole
    /// numbers keep the different summation order exact.
    @Test(arguments: [2, 3]) func workersMatchNaive(workers: Int) {
        KernelWorkers.$count.withValue(workers) {
            compare(Float.self)
            compare(Double.self)
        }
    }

    /// Images large enough for one image per group (28×28: the GEMMs write NCHW directly, and a 1×1 convolution
    /// reads the image as its columns), with few output channels (the transposed input gradient at stride 1) and
    /// with many (col2im); whole numbers keep every sum exact (at most 2·784 terms of size ≤ 16 < 2²⁴).
    @Test(arguments: [3, 40]) func oneImagePerGroup(outputChannels: Int) {
        let geometries = [(3, 1, 1), (3, 2, 1), (1, 1, 0), (1, 2, 0), (3, 1, 0)].map { k, s, p in
            WindowGeometry(batch: 2, channels: 2, height: 28, width: 28, kernelHeight: k, kernelWidth: k, stride: s,
                           padding: p)
        }
        #expect(geometries[0].imagesPerGroup == 1 && geometries[2].imagesPerGroup == 1)
        compare(Float.self, geometries: geometries, outputChannels: outputChannels)
        KernelWorkers.$count.withValue(2) { compare(Float.self, geometries: geometries, outputChannels: outputChannels) }
    }

    /// A nil gradient pointer skips that gradient (frozen weights cost nothing), and so does a false
    /// `computeInputGradient` for the input's.
    @Test func skipsGradientsNotAskedFor() {
        let g = WindowGeometry(batch: 1, channels: 1, height: 4, width: 4, kernelHeight: 3, kernelWidth: 3, padding: 1)
        var workspace = ConvolutionWorkspace<Float>()
        var output: [Float] = []
        let weight: [Float] = wholeNumbers(9)
        let input: [Float] = wholeNumbers(16)
        convolutionForward(g, outputChannels: 1, input: input, weight: weight, bias: nil,
                           workspace: &workspace, output: &output)
        var inputGradient: [Float] = []
        convolutionBackward(g, outputChannels: 1, input: input, outputGradient: wholeNumbers(16), weight: weight, workspace: &workspace,
                            weightGradient: nil, biasGradient: nil, computeInputGradient: true,
                            inputGradient: &inputGradient)
        #expect(inputGradient.count == 16)
        // And no input gradient when not asked: the buffer is not even sized.
        var untouched: [Float] = []
        var weightGradient = [Float](repeating: 0, count: 9)
        convolutionBackward(g, outputChannels: 1, input: input, outputGradient: wholeNumbers(16), weight: weight, workspace: &workspace,
                            weightGradient: &weightGradient, biasGradient: nil, computeInputGradient: false,
                            inputGradient: &untouched)
        #expect(untouched.isEmpty)
        #expect(weightGradient != [Float](repeating: 0, count: 9))
    }
}
