import DeepLearning
import Testing
@testable import bench

/// The GEMMs the bench times must be the ones the training step runs.
struct StepGemmsTests {
    /// The article's CNN at batch 64, by hand from the kernels' rules: conv1 (1→64, 28×28 maps of 784 pixels, one
    /// image per GEMM since 784 ≥ 768: 64 calls; no input gradient, the model's input needs none), conv2 (64→128
    /// on 14×14 = 196 pixels: ⌈768/196⌉ = 4 images per GEMM, 16 calls; 128 output channels > 64, so its input
    /// gradient is Wᵀ·dY then col2im: m = 576, k = 128), fc1 (6272→128) and fc2 (128→10) in three directions each.
    @Test func theArticleCNNsGemmsAreTheHandDerivedOnes() throws {
        var generator = RandomGenerator(seed: 1)
        let model = BenchModel.cnn.build(generator: &generator)
        let shapes = try trainingStepGemms(of: model, inputShape: [64, 1, 28, 28])
        let expected: [(Bool, Bool, Int, Int, Int, Int)] = [  // transposeA, transposeB, m, n, k, calls
            (false, false, 64, 784, 9, 64), (false, true, 64, 9, 784, 64),
            (false, false, 128, 784, 576, 16), (false, true, 128, 576, 784, 16), (true, false, 576, 784, 128, 16),
            (false, true, 64, 128, 6272, 1), (true, false, 128, 6272, 64, 1), (false, false, 64, 6272, 128, 1),
            (false, true, 64, 10, 128, 1), (true, false, 10, 128, 64, 1), (false, false, 64, 128, 10, 1),
        ]
        #expect(shapes.map { [$0.transposeA ? 1 : 0, $0.transposeB ? 1 : 0, $0.m, $0.n, $0.k, $0.calls] }
                == expected.map { [$0.0 ? 1 : 0, $0.1 ? 1 : 0, $0.2, $0.3, $0.4, $0.5] })
    }

    /// Every model's GEMMs add up to the FLOPs its summary counts layer by layer (convolutions and linear layers
    /// are all of a step's multiply-adds: 3 directions, less the first layer's input gradient; attention's products
    /// 3× their forward), exactly: integer counts of 2·m·n·k, so any shape the derivation gets wrong, or a group it
    /// drops, shows.
    @Test(arguments: [BenchModel.cnn, .resnet, .densenet, .vit])
    func gemmsAddUpToTheSummarysFlops(model kind: BenchModel) throws {
        var generator = RandomGenerator(seed: 1)
        let model = kind.build(generator: &generator)
        let shapes = try trainingStepGemms(of: model, inputShape: [64, 1, 28, 28])
        let summary = try ModelSummary(of: model, inputShape: [64, 1, 28, 28])
        #expect(shapes.reduce(0) { $0 + $1.flops } == Double(summary.trainingStepFlops))
    }

    /// A batch that the group size does not divide ends with a smaller group: 10 images at 14×14 (4 per GEMM)
    /// are 2 groups of 4 and one of 2.
    @Test func aShortLastGroupIsItsOwnShape() throws {
        var generator = RandomGenerator(seed: 1)
        let conv = Conv2d<Float>(name: "c", inputChannels: 3, outputChannels: 8, kernelSize: 3, padding: 1,
                                 generator: &generator)
        let forward = try trainingStepGemms(of: Sequential(layers: [conv]), inputShape: [10, 3, 14, 14])
            .filter { $0.label.hasSuffix("fwd") }
        #expect(forward.map { [$0.n, $0.calls] } == [[4 * 196, 2], [2 * 196, 1]])
    }
}
