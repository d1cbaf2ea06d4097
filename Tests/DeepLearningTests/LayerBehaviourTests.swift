import Testing
@testable import DeepLearning

@Suite("Layer behaviour: accumulation, freezing, modes, names")
struct LayerBehaviourTests {
    /// Backward ADDS into Parameter.gradient, as PyTorch: two identical backward passes give twice the gradient
    /// (exactly: doubling is exact in binary floating point).
    @Test func gradientsAccumulate() throws {
        var generator = RandomGenerator(seed: 1)
        let fc = Linear<Double>(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator)
        let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        _ = try fc.forward(x)
        let dy = Tensor<Double>(shape: [2, 2], scalars: [1, -1, 0.5, 2])
        _ = try fc.backward(dy)
        let once = fc.weight.gradient.scalars
        _ = try fc.backward(dy)
        #expect(fc.weight.gradient.scalars == once.map { 2 * $0 })
        fc.zeroGradients()
        #expect(fc.parameters.allSatisfy { $0.gradient.scalars.allSatisfy { $0 == 0 } })
        // dW = dYᵀ·X by hand: row 0 = 1·[1,2,3] + 0.5·[4,5,6] = [3, 4.5, 6].
        #expect(Array(once[0..<3]) == [3, 4.5, 6])
    }

    /// A frozen weight receives no gradient; the bias and the input gradient are unaffected.
    @Test func frozenWeightsAreSkipped() throws {
        var g1 = RandomGenerator(seed: 2), g2 = RandomGenerator(seed: 2)
        let frozen = Conv2d<Double>(name: "c", inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, generator: &g1)
        let free = Conv2d<Double>(name: "c", inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, generator: &g2)
        frozen.weight.requiresGradient = false
        let x = Tensor<Double>(shape: [1, 1, 3, 3], scalars: (0..<9).map { Double($0) - 4 })
        let dy = Tensor<Double>(shape: [1, 2, 3, 3], scalars: (0..<18).map { Double($0 % 5) - 2 })
        _ = try frozen.forward(x); _ = try free.forward(x)
        let frozenInputGradient = try frozen.backward(dy), freeInputGradient = try free.backward(dy)
        #expect(frozen.weight.gradient.scalars.allSatisfy { $0 == 0 })
        #expect(free.weight.gradient.scalars.contains { $0 != 0 })
        #expect(frozen.bias!.gradient.scalars == free.bias!.gradient.scalars)
        #expect(frozenInputGradient == freeInputGradient)

        // The same for a linear layer with its bias frozen too.
        let fc = Linear<Double>(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &g1)
        fc.weight.requiresGradient = false
        fc.bias!.requiresGradient = false
        _ = try fc.forward(Tensor(shape: [1, 3], scalars: [1, 2, 3]))
        let dx = try fc.backward(Tensor(shape: [1, 2], scalars: [1, -1]))
        #expect(fc.weight.gradient.scalars.allSatisfy { $0 == 0 } && fc.bias!.gradient.scalars == [0, 0])
        // dX = dY·W: row 0 of W minus row 1.
        let w = fc.weight.value.scalars
        #expect(dx.scalars == [w[0] - w[3], w[1] - w[4], w[2] - w[5]])
    }

    /// A model's first layer skips its input gradient by default (the input is data).
    @Test func sequentialSkipsTheInputGradientByDefault() throws {
        var generator = RandomGenerator(seed: 3)
        let model = Sequential<Float>(layers: [
            Linear(name: "fc1", inputFeatures: 2, outputFeatures: 2, generator: &generator), ReLU(name: "relu"),
        ])
        _ = try model.forward(Tensor(shape: [1, 2], scalars: [1, 2]))
        #expect(try model.backward(Tensor(shape: [1, 2], scalars: [1, 1])).count == 0)
        model.needsInputGradient = true
        #expect(try model.backward(Tensor(shape: [1, 2], scalars: [1, 1])).shape == [1, 2])
    }

    /// PyTorch's BatchNorm2d on one channel of x = [1, 2, 3, 6] (N = 2, 1×2 pixels): batch mean 3, biased variance
    /// (4 + 1 + 0 + 9)/4 = 3.5, unbiased 14/3. After one training step running_mean = 0.1·3 = 0.3 and
    /// running_var = 0.9·1 + 0.1·14/3; num_batches_tracked = 1. Evaluation then normalises by those.
    /// Tolerance 1e-12: a handful of Double operations on numbers of order 1.
    @Test func batchNormStatistics() throws {
        let bn = BatchNorm2d<Double>(name: "bn", channels: 1)
        let x = Tensor<Double>(shape: [2, 1, 1, 2], scalars: [1, 2, 3, 6])
        let y = try bn.forward(x)
        let expected = [1.0, 2, 3, 6].map { ($0 - 3) / (3.5 + 1e-5).squareRoot() }
        #expect(zip(y.scalars, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(bn.runningMean.value.scalars[0] - 0.3) < 1e-12)
        #expect(abs(bn.runningVariance.value.scalars[0] - (0.9 + 0.1 * 14 / 3)) < 1e-12)
        #expect(bn.batchesTracked.value.scalars == [1])
        // Named as PyTorch's state_dict names them: local names on the layer, prefixed by the module tree.
        #expect(bn.namedBuffers().map(\.name) == ["running_mean", "running_var", "num_batches_tracked"])
        #expect(Sequential(layers: [bn]).namedTensors().map(\.name)
                == ["bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"])
        bn.eval()
        let evaluated = try bn.forward(x)
        let variance = 0.9 + 0.1 * 14 / 3
        #expect(zip(evaluated.scalars, [1.0, 2, 3, 6]).allSatisfy {
            abs($0 - ($1 - 0.3) / (variance + 1e-5).squareRoot()) < 1e-12
        })
        #expect(bn.batchesTracked.value.scalars == [1])
    }

    /// Dropout keeps about 1 − p of the elements in training, scaled by 1/(1 − p), and is the identity in eval.
    /// Over 10,000 elements with p = 0.25 the kept fraction has standard deviation √(0.25·0.75/10000) ≈ 0.0043; the
    /// check allows ±0.02, more than four standard deviations.
    @Test func dropoutModes() throws {
        let dropout = Dropout<Float>(name: "dropout", probability: 0.25, generator: RandomGenerator(seed: 4))
        let x = Tensor<Float>(shape: [100, 100], repeating: 1)
        let y = try dropout.forward(x)
        #expect(y.scalars.allSatisfy { $0 == 0 || $0 == Float(1 / 0.75) })
        let kept = Double(y.scalars.filter { $0 != 0 }.count) / 10_000
        #expect(abs(kept - 0.75) < 0.02)
        dropout.eval()
        #expect(try dropout.forward(x) == x)
    }

    /// Global average pooling is the mean of each plane: [[1, 2], [3, 6]] → 3 (exact in binary: 12/4).
    @Test func globalAveragePooling() throws {
        let pool = AvgPool2d<Float>.global(name: "avgpool")
        let y = try pool.forward(Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 6, 0, 0, 0, 4]))
        #expect(y.shape == [1, 2, 1, 1] && y.scalars == [3, 1])
        #expect(pool.typeName == "AdaptiveAvgPool2d")
        #expect(AvgPool2d<Float>(name: "pool", kernelSize: 2).typeName == "AvgPool2d")
    }

    /// Sequential runs ReLU after the max pool that follows it; max(relu(x)) = relu(max(x)), and the gradient reaches
    /// the same input pixel (or is zero), so the output and every gradient equal those of the layers run one by one
    /// in list order — exactly, as the same numbers are added in the same order.
    @Test func reluBeforeMaxPoolRunsAfterItWithTheSameResults() throws {
        func build() -> Sequential<Float> {
            var generator = RandomGenerator(seed: 6)
            return Sequential<Float>(layers: [
                Conv2d(name: "conv", inputChannels: 1, outputChannels: 3, kernelSize: 3, padding: 1, generator: &generator),
                ReLU(name: "relu"), MaxPool2d(name: "pool", kernelSize: 2), Flatten(name: "flatten"),
                Linear(name: "fc", inputFeatures: 12, outputFeatures: 2, generator: &generator),
            ])
        }
        let fused = build(), plain = build()
        #expect(fused.executionOrder == [0, 2, 1, 3, 4])
        var generator = RandomGenerator(seed: 7)
        let x = Tensor<Float>(shape: [2, 1, 4, 4], scalars: (0..<32).map { _ in generator.nextUnitFloat() - 0.5 })
        let dy = Tensor<Float>(shape: [2, 2], scalars: [1, -2, 0.5, 3])
        let fusedOutput = try fused.forward(x)
        _ = try fused.backward(dy)
        var y = x
        for layer in plain.layers { y = try layer.forward(y) }
        var g = dy
        for layer in plain.layers.reversed() { g = try layer.backward(g) }
        #expect(fusedOutput == y)
        #expect(fused.parameters.map(\.gradient) == plain.parameters.map(\.gradient))
    }

    /// Train/eval reaches every layer of nested containers.
    @Test func modesPropagate() {
        let bn = BatchNorm2d<Float>(name: "bn", channels: 1)
        let model = Sequential<Float>(layers: [Residual(name: "block", body: Sequential(layers: [bn]))])
        model.eval()
        #expect(!bn.isTraining)
        model.train()
        #expect(bn.isTraining)
    }

    @Test func parameterNamesFollowPyTorch() {
        var generator = RandomGenerator(seed: 5)
        let model = Sequential<Float>.articleCNN(inputChannels: 1, fc1InputFeatures: 6272, generator: &generator)
        #expect(model.namedParameters().map(\.name) == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                                                 "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        #expect(model.parameters.map(\.value.shape) == [[64, 1, 3, 3], [64], [128, 64, 3, 3], [128],
                                                        [128, 6272], [128], [10, 128], [10]])
    }
}
