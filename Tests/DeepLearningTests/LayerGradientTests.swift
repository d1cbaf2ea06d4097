import Testing
@testable import DeepLearning

/// Every layer's backward pass against central differences in Double (see `GradientCheck` for h and the threshold).
@Suite("Gradient checks of every layer")
struct LayerGradientTests {
    func expectPasses(_ layer: some Layer<Double>, inputShape: [Int], beforeForward: () -> Void = {},
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try GradientCheck.maximumError(of: layer, inputShape: inputShape, beforeForward: beforeForward)
        #expect(error.input < GradientCheck.threshold, "input gradient of \(layer.name)", sourceLocation: sourceLocation)
        #expect(error.parameters < GradientCheck.threshold, "parameter gradients of \(layer.name)",
                sourceLocation: sourceLocation)
    }

    /// A precision boundary in FP32 with no loss scale is the identity in both directions (the 16-bit formats
    /// round, which has no derivative: `HalfPrecisionTests` pins what they do).
    @Test func precisionBoundary() throws {
        try expectPasses(PrecisionBoundary<Double>(name: "fp32", format: .float32), inputShape: [3, 4])
    }

    @Test func linear() throws {
        var generator = RandomGenerator(seed: 1)
        try expectPasses(Linear(name: "fc", inputFeatures: 5, outputFeatures: 3, generator: &generator), inputShape: [4, 5])
        try expectPasses(Linear(name: "fc", inputFeatures: 5, outputFeatures: 3, bias: false, generator: &generator),
                         inputShape: [2, 5])
    }

    /// Several kernel sizes, strides and paddings, with and without bias.
    @Test(arguments: [(3, 1, 1), (3, 2, 0), (2, 2, 1), (1, 1, 0), (3, 3, 2), (3, 1, 0)])
    func conv2d(kernel: Int, stride: Int, padding: Int) throws {
        var generator = RandomGenerator(seed: 2)
        for bias in [true, false] {
            let conv = Conv2d<Double>(name: "conv", inputChannels: 2, outputChannels: 3, kernelSize: kernel,
                                      stride: stride, padding: padding, bias: bias, generator: &generator)
            try expectPasses(conv, inputShape: [2, 2, 5, 6])
        }
    }

    @Test(arguments: [(2, 2, 0), (3, 1, 1), (3, 2, 1), (2, 1, 0)])
    func maxPool(kernel: Int, stride: Int, padding: Int) throws {
        try expectPasses(MaxPool2d<Double>(name: "pool", kernelSize: kernel, stride: stride, padding: padding),
                         inputShape: [2, 2, 5, 6])
    }

    @Test(arguments: [(2, 2, 0), (3, 1, 1), (3, 2, 1)])
    func averagePool(kernel: Int, stride: Int, padding: Int) throws {
        try expectPasses(AvgPool2d<Double>(name: "pool", kernelSize: kernel, stride: stride, padding: padding),
                         inputShape: [2, 2, 5, 6])
    }

    @Test func globalAveragePool() throws {
        try expectPasses(AvgPool2d<Double>.global(name: "gap"), inputShape: [2, 3, 4, 5])
    }

    @Test func reluAndFlatten() throws {
        try expectPasses(ReLU<Double>(name: "relu"), inputShape: [3, 7])
        try expectPasses(Flatten<Double>(name: "flatten"), inputShape: [2, 3, 2, 2])
    }

    /// Training mode: μ and σ² depend on the input, which the check perturbs; γ and β random so that a mistake in
    /// their gradients cannot hide behind γ = 1, β = 0.
    @Test func batchNormTraining() throws {
        let bn = BatchNorm2d<Double>(name: "bn", channels: 2)
        GradientCheck.randomizeParameters(of: bn, seed: 3)
        try expectPasses(bn, inputShape: [3, 2, 2, 3])
    }

    /// SyncBatchNorm's split passes (sums, then normalisation by them) over a world of one rank: the same
    /// function as BatchNorm2d's, so the same check; and its values are BatchNorm2d's to rounding (its variance
    /// comes from Σx² − Mμ² in Double, BatchNorm2d's from two passes: 1e-12 is far above Double's rounding of
    /// these O(1) numbers, far below any wrong term).
    @Test func syncBatchNormTrainingOverOneRank() throws {
        let sync = SyncBatchNorm2d<Double>(name: "bn", channels: 2, group: ThisProcessOnly())
        GradientCheck.randomizeParameters(of: sync, seed: 3)
        try expectPasses(sync, inputShape: [3, 2, 2, 3])

        let fresh = SyncBatchNorm2d<Double>(name: "bn", channels: 2, group: ThisProcessOnly())
        let plain = BatchNorm2d<Double>(name: "bn", channels: 2)
        GradientCheck.randomizeParameters(of: fresh, seed: 3)
        GradientCheck.randomizeParameters(of: plain, seed: 3)
        var generator = RandomGenerator(seed: 8)
        let input = Tensor<Double>(shape: [3, 2, 2, 3], scalars: (0..<36).map { _ in 3 * generator.nextUnitDouble() - 1 })
        let gradient = Tensor<Double>(shape: [3, 2, 2, 3], scalars: (0..<36).map { _ in generator.nextUnitDouble() - 0.5 })
        let (a, b) = (try fresh.forward(input).scalars, try plain.forward(input).scalars)
        let (da, db) = (try fresh.backward(gradient).scalars, try plain.backward(gradient).scalars)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 } && zip(da, db).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(fresh.runningVariance.value.scalars, plain.runningVariance.value.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(fresh.weight.gradient.scalars, plain.weight.gradient.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// Evaluation mode: normalisation by running estimates, which are constants.
    @Test func batchNormEvaluation() throws {
        let bn = BatchNorm2d<Double>(name: "bn", channels: 2)
        GradientCheck.randomizeParameters(of: bn, seed: 4)
        bn.runningMean.value.scalars = [0.3, -0.2]
        bn.runningVariance.value.scalars = [1.7, 0.4]
        bn.eval()
        try expectPasses(bn, inputShape: [3, 2, 2, 3])
    }

    /// The mask is replayed for every forward call by resetting the layer's generator.
    @Test func dropout() throws {
        let dropout = Dropout<Double>(name: "dropout", probability: 0.3, generator: RandomGenerator(seed: 9))
        try expectPasses(dropout, inputShape: [4, 6]) { dropout.generator = RandomGenerator(seed: 9) }
    }

    @Test func residualWithIdentityShortcut() throws {
        var generator = RandomGenerator(seed: 5)
        let bn = BatchNorm2d<Double>(name: "block.bn1", channels: 2)
        GradientCheck.randomizeParameters(of: bn, seed: 6)
        let body = Sequential<Double>(name: "block", layers: [
            Conv2d(name: "block.conv1", inputChannels: 2, outputChannels: 2, kernelSize: 3, padding: 1, bias: false,
                   generator: &generator),
            bn, ReLU(name: "block.relu"),
            Conv2d(name: "block.conv2", inputChannels: 2, outputChannels: 2, kernelSize: 3, padding: 1,
                   generator: &generator),
        ])
        try expectPasses(Residual(name: "block", body: body), inputShape: [2, 2, 4, 4])
    }

    @Test func residualWithProjectionShortcut() throws {
        var generator = RandomGenerator(seed: 7)
        let body = Conv2d<Double>(name: "down.conv", inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2,
                                  padding: 1, generator: &generator)
        let shortcut = Conv2d<Double>(name: "down.shortcut", inputChannels: 2, outputChannels: 3, kernelSize: 1,
                                      stride: 2, generator: &generator)
        try expectPasses(Residual(name: "down", body: body, shortcut: shortcut), inputShape: [2, 2, 5, 5])
    }

    /// A whole small CNN, with the input gradient switched on.
    @Test func sequential() throws {
        var generator = RandomGenerator(seed: 8)
        let model = Sequential<Double>(layers: [
            Conv2d(name: "conv1", inputChannels: 1, outputChannels: 3, kernelSize: 3, padding: 1, generator: &generator),
            ReLU(name: "relu1"), MaxPool2d(name: "pool1", kernelSize: 2), Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: 12, outputFeatures: 4, generator: &generator),
        ])
        model.needsInputGradient = true
        try expectPasses(model, inputShape: [2, 1, 4, 4])
    }
}
