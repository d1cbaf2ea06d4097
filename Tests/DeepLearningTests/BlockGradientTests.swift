import Testing
@testable import DeepLearning

/// The ResNet and DenseNet blocks against central differences in Double (step and threshold: `GradientCheck`),
/// every input element and every parameter element. Batch norm's γ and β are random, so that a mistake in their
/// gradients cannot hide behind γ = 1, β = 0.
@Suite("Gradient checks of the ResNet and DenseNet blocks")
struct BlockGradientTests {
    /// Identity shortcut (stride 1, same channels) and the 1×1 projection (stride 2, more channels), in training
    /// mode (batch statistics, which depend on the input) and in evaluation mode (running statistics).
    @Test(arguments: [(3, 3, 1, true), (2, 4, 2, true), (3, 3, 1, false), (2, 4, 2, false)])
    func basicBlock(inputs: Int, outputs: Int, stride: Int, training: Bool) throws {
        var generator = RandomGenerator(seed: 11)
        let block = BasicBlock<Double>(name: "block", inputChannels: inputs, outputChannels: outputs, stride: stride,
                                       generator: &generator)
        #expect((block.downsample == nil) == (stride == 1 && inputs == outputs))
        if !training {
            for buffer in block.buffers where buffer.name == "running_var" {
                for i in buffer.values.indices { buffer.values[i] = 0.5 + Double(i) / 4 }
            }
            block.eval()
        }
        try GradientCheck.expectPasses(block, inputShape: [2, inputs, 5, 6], seed: 12)
    }

    @Test func denseLayer() throws {
        var generator = RandomGenerator(seed: 13)
        let layer = ChannelConcatenation<Double>.denseLayer(name: "denselayer1", inputChannels: 3, growthRate: 2,
                                                            generator: &generator)
        try GradientCheck.expectPasses(layer, inputShape: [2, 3, 4, 5], seed: 14)
    }

    @Test func denseTransition() throws {
        var generator = RandomGenerator(seed: 15)
        let transition = Sequential<Double>.denseTransition(name: "transition1", inputChannels: 4, outputChannels: 2,
                                                            generator: &generator)
        transition.needsInputGradient = true
        try GradientCheck.expectPasses(transition, inputShape: [2, 4, 4, 6], seed: 16)
    }

    /// The concatenation alone, around a body that changes the values (a 3×3 convolution), so that both paths of
    /// the input's gradient (direct and through the body) are non-trivial.
    @Test func channelConcatenation() throws {
        var generator = RandomGenerator(seed: 17)
        let body = Conv2d<Double>(name: "conv", inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1,
                                  generator: &generator)
        try GradientCheck.expectPasses(ChannelConcatenation(name: "cat", body: body), inputShape: [2, 2, 3, 4], seed: 18)
    }

    /// Both models end to end, on a small input, with the input gradient on.
    @Test func smallModelsEndToEnd() throws {
        var generator = RandomGenerator(seed: 19)
        let resnet = Sequential<Double>.smallResNet(widths: [2, 3, 4], blocksPerStage: 1, generator: &generator)
        resnet.needsInputGradient = true
        try GradientCheck.expectPasses(resnet, inputShape: [2, 1, 6, 6], seed: 20)
        let densenet = Sequential<Double>.denseNetBC(growthRate: 2, layersPerBlock: 1, blocks: 2, generator: &generator)
        densenet.needsInputGradient = true
        try GradientCheck.expectPasses(densenet, inputShape: [2, 1, 4, 4], seed: 21)
    }
}
