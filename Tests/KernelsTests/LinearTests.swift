import Testing
@testable import Kernels

@Suite("Linear kernels against their naive twins")
struct LinearTests {
    /// Sizes with odd extents, with and without bias, split across 1 to 3 workers (fewer rows than workers
    /// included). Whole numbers keep every sum exact, so the comparisons are exact; the weight and bias gradients
    /// start at 1 to check that backward adds to them.
    func compare<Scalar: KernelScalar>(_: Scalar.Type) {
        for (batch, inputFeatures, outputFeatures) in [(1, 1, 1), (2, 5, 3), (7, 13, 4), (64, 33, 10)] {
            for withBias in [true, false] {
                let input: [Scalar] = wholeNumbers(batch * inputFeatures, seed: 1)
                let weight: [Scalar] = wholeNumbers(outputFeatures * inputFeatures, seed: 2)
                let bias: [Scalar] = withBias ? wholeNumbers(outputFeatures, seed: 3) : []
                var output: [Scalar] = []
                bias.withUnsafeBufferPointer { b in
                    linearForward(input: input, batch: batch, inputFeatures: inputFeatures,
                                  outputFeatures: outputFeatures, weight: weight, bias: withBias ? b.baseAddress : nil,
                                  output: &output)
                }
                #expect(output == naiveLinearForward(input: input, batch: batch, inputFeatures: inputFeatures,
                                                     outputFeatures: outputFeatures, weight: weight, bias: bias))
                let outputGradient: [Scalar] = wholeNumbers(output.count, seed: 4)
                let naive = naiveLinearBackward(outputGradient: outputGradient, input: input, batch: batch,
                                                inputFeatures: inputFeatures, outputFeatures: outputFeatures,
                                                weight: weight)
                var weightGradient = [Scalar](repeating: 1, count: weight.count)
                var biasGradient = [Scalar](repeating: 1, count: outputFeatures)
                var inputGradient: [Scalar] = []
                linearBackward(outputGradient: outputGradient, input: input, batch: batch, inputFeatures: inputFeatures,
                               outputFeatures: outputFeatures, weight: weight, weightGradient: &weightGradient,
                               biasGradient: &biasGradient, computeInputGradient: true, inputGradient: &inputGradient)
                #expect(weightGradient == naive.weight.map { $0 + 1 })
                #expect(biasGradient == naive.bias.map { $0 + 1 })
                #expect(inputGradient == naive.input)
            }
        }
    }

    @Test(arguments: [1, 2, 3]) func floatMatchesNaive(workers: Int) {
        KernelWorkers.$count.withValue(workers) { compare(Float.self) }
    }

    @Test(arguments: [1, 2, 3]) func doubleMatchesNaive(workers: Int) {
        KernelWorkers.$count.withValue(workers) { compare(Double.self) }
    }
}
