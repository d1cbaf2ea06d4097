import Testing
@testable import DeepLearning

/// Conv2d in Float takes the direct 3×3 kernel for the small ResNet's shapes (the layer fixtures and gradient
/// checks run in Double, on the im2col path): its forward and backward must still be the convolution's definition,
/// and training through it must repeat bit for bit.
@Suite("Conv2d through the direct 3×3 kernel")
struct DirectConvolutionLayerTests {
    /// Whole numbers in [−3, 3] from a fixed sequence: sums of at most 17·9 (forward, ∂L/∂input) or 2·7·14
    /// (∂L/∂weight) products of size ≤ 9 stay far below 2²⁴, so any summation order is exact and the layer must
    /// equal the naive twin exactly.
    static func wholeNumbers(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int((state >> 33) % 7) - 3)
        }
    }

    /// A 17→12 layer with bias on [2, 17, 7, 14] (channels that fill neither a tile's 16 lanes nor its 8, width 14
    /// and height 7): forward, then backward from gradients of 0, against `naiveConvolutionForward`/`Backward`.
    @Test(arguments: [1, 2]) func layerEqualsTheDefinition(workers: Int) throws {
        var generator = RandomGenerator(seed: 3)
        let conv = Conv2d<Float>(name: "conv", inputChannels: 17, outputChannels: 12, kernelSize: 3, padding: 1,
                                 generator: &generator)
        let g = try conv.geometry(for: [2, 17, 7, 14])
        #expect(g.suitsDirectConvolution(outputChannels: 12, scalar: Float.self))
        let weight = Self.wholeNumbers(12 * 17 * 9, seed: 1), bias = Self.wholeNumbers(12, seed: 2)
        let input = Self.wholeNumbers(g.inputCount, seed: 3), outputGradient = Self.wholeNumbers(2 * 12 * 98, seed: 4)
        conv.weight.value = Tensor(shape: [12, 17, 3, 3], scalars: weight)
        conv.bias!.value = Tensor(shape: [12], scalars: bias)
        let (output, inputGradient) = try KernelWorkers.$count.withValue(workers) {
            let output = try conv.forward(Tensor(shape: [2, 17, 7, 14], scalars: input))
            return (output, try conv.backward(Tensor(shape: [2, 12, 7, 14], scalars: outputGradient)))
        }
        let naive = naiveConvolutionBackward(g, outputChannels: 12, input: input, weight: weight,
                                             outputGradient: outputGradient)
        #expect(output.shape == [2, 12, 7, 14])
        #expect(output.scalars == naiveConvolutionForward(g, outputChannels: 12, input: input, weight: weight, bias: bias))
        #expect(conv.weight.gradient.scalars == naive.weight)
        #expect(conv.bias!.gradient.scalars == naive.bias)
        #expect(inputGradient.scalars == naive.input)
    }

    /// The small ResNet in Float (its 16/32/64-channel stages on the direct kernel), two SGD steps on a fixed
    /// batch of 4, twice from the same seed, with 1 and with 2 workers: every loss and every gradient bit repeats.
    @Test(arguments: [1, 2]) func smallResNetRepeatsBitForBit(workers: Int) throws {
        func run() throws -> [[Float]] {
            var generator = RandomGenerator(seed: 9)
            let model = Sequential<Float>.smallResNet(generator: &generator)
            let store = ParameterStore(model)
            let images = Tensor<Float>(shape: [4, 1, 28, 28], scalars: (0..<4 * 784).map { Float($0 % 29) / 29 - 0.5 })
            var trace: [[Float]] = []
            for _ in 0..<2 {
                store.zeroGradients()
                let output = try model.forward(images)
                _ = try model.backward(Tensor(shape: output.shape, scalars: output.scalars.map { $0 / 40 }))
                trace.append(output.scalars)
                trace.append(Array(store.gradients))
                for i in store.values.indices { store.values[i] -= 0.01 * store.gradients[i] }
            }
            return trace
        }
        // `splittingBatches` holds one BLAS thread for both runs: OpenBLAS's thread count is process-wide, and a
        // test running beside this one may set another (the sums of 1 and 2 BLAS threads round differently), which
        // a bare task-local worker count left free to change between the two runs.
        let (first, second) = try KernelWorkers.splittingBatches(workers) { (try run(), try run()) }
        #expect(first == second)
    }
}
