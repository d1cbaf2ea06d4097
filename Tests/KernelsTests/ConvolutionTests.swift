import Testing
@testable import Kernels

@Suite("Convolution (im2col + GEMM) against its naive twin")
struct ConvolutionTests {
    /// On every small geometry, with and without bias: forward, then all three gradients. Whole numbers keep every
    /// sum exact, so the comparison is exact. The weight and bias gradients start from nonzero values to check
    /// that backward ADDS to them.
    func compare<Scalar: KernelScalar>(_: Scalar.Type) {
        let outputChannels = 3
        for g in smallGeometries() {
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
                convolutionBackward(g, outputChannels: outputChannels, outputGradient: outputGradient, weight: weight,
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

    /// A nil gradient pointer skips that gradient (frozen weights cost nothing), and so does a false
    /// `computeInputGradient` for the input's.
    @Test func skipsGradientsNotAskedFor() {
        let g = WindowGeometry(batch: 1, channels: 1, height: 4, width: 4, kernelHeight: 3, kernelWidth: 3, padding: 1)
        var workspace = ConvolutionWorkspace<Float>()
        var output: [Float] = []
        let weight: [Float] = wholeNumbers(9)
        convolutionForward(g, outputChannels: 1, input: wholeNumbers(16), weight: weight, bias: nil,
                           workspace: &workspace, output: &output)
        var inputGradient: [Float] = []
        convolutionBackward(g, outputChannels: 1, outputGradient: wholeNumbers(16), weight: weight, workspace: &workspace,
                            weightGradient: nil, biasGradient: nil, computeInputGradient: true,
                            inputGradient: &inputGradient)
        #expect(inputGradient.count == 16)
        // And no input gradient when not asked: the buffer is not even sized.
        var untouched: [Float] = []
        var weightGradient = [Float](repeating: 0, count: 9)
        convolutionBackward(g, outputChannels: 1, outputGradient: wholeNumbers(16), weight: weight, workspace: &workspace,
                            weightGradient: &weightGradient, biasGradient: nil, computeInputGradient: false,
                            inputGradient: &untouched)
        #expect(untouched.isEmpty)
        #expect(weightGradient != [Float](repeating: 0, count: 9))
    }
}
