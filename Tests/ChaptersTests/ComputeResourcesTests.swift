import Testing
import DeepLearning
@testable import Chapters

/// §2.1/§9.5: the counts per layer against hand derivations, their totals against ModelSummary, scaling on paper.
struct ComputeResourcesTests {
    /// conv (1→2, 3×3, padding 1) on 1×4×4, ReLU, Flatten, fc (32→3), by hand:
    /// - parameters: conv 2·1·3·3 + 2 = 20, fc 32·3 + 3 = 99: 119.
    /// - forward: conv 2 FLOPs × 2·4·4 outputs × 1·3·3 taps = 576, fc 2 × 32 × 3 = 192.
    /// - training: conv is the first layer (no input gradient): 2 × 576 = 1,152; fc 3 × 192 = 576: 1,728.
    /// - activations: conv's 32 outputs, ReLU's 32 (the Flatten is a view), fc's 3: 67 floats, 268 bytes.
    /// - Adam: m and v, 8 bytes × 119 = 952; with the weights and gradients 16 × 119 = 1,904.
    @Test func aSmallModelByHand() throws {
        var generator = RandomGenerator(seed: 0)
        let model = Sequential<Float>(layers: [
            Conv2d(name: "conv", inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, generator: &generator),
            ReLU(name: "relu"), Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: 32, outputFeatures: 3, generator: &generator),
        ])
        let costs = try LayerCosts("small", model: model, inputShape: [1, 1, 4, 4])
        #expect(costs.rows.map(\.name) == ["conv", "relu", "flatten", "fc"])
        #expect(costs.rows.map(\.parameters) == [20, 0, 0, 99])
        #expect(costs.rows.map(\.forwardFlops) == [576, 0, 0, 192])
        #expect(costs.rows.map(\.trainingFlops) == [1152, 0, 0, 576])
        #expect(costs.rows.map(\.activationBytes) == [128, 128, 0, 12])
        #expect(costs.parameters == 119 && costs.forwardFlops == 768 && costs.trainingFlops == 1728)
        #expect(costs.activationBytes == 268 && costs.adamBytes == 952 && costs.trainingStateBytes == 1904)
    }

    /// The four models' totals are ModelSummary's; the article's CNN at 28 px has 878,730 parameters (pinned against
    /// PyTorch in SmallModelsTests) and 93,335,040 training FLOPs per image; its activations by hand: conv1 and relu1
    /// 64·28·28 = 50,176 each, pool1 12,544, conv2 and relu2 128·14·14 = 25,088 each, pool2 6,272, fc1 and relu3 128
    /// each, fc2 10: 169,610 floats, 678,440 bytes. The ResNet's full names follow the module tree.
    @Test func theModelsTotalsAgreeWithModelSummary() throws {
        let models = try ComputeResourcesStep.models()
        for model in models {
            #expect(model.parameters == model.summary.totalParameterCount, "\(model.label)")
            #expect(model.forwardFlops == model.summary.forwardFlops, "\(model.label)")
            #expect(model.trainingFlops == model.summary.trainingStepFlops, "\(model.label)")
        }
        #expect(models.map(\.parameters) == [51_457_290, 12_922_122, 878_730, 174_970])
        #expect(models[2].trainingFlops == 93_335_040 && models[2].activationBytes == 678_440)
        #expect(models[3].rows.contains { $0.name == "layer2.0.downsample.0" && $0.typeName == "Conv2d" })
    }

    /// N = 10⁹: D = 2·10¹⁰ tokens, 6·N·D = 1.2·10²⁰ FLOPs, 16 GB; at 10¹⁵ FLOP/s 1.2·10⁵ s = 1.3889 days.
    @Test func scalingOnPaper() throws {
        let row = try #require(ScalingOnPaper.rows.first { $0.parameters == 1e9 })
        #expect(row.tokens == 2e10 && row.flops == 1.2e20 && row.memoryBytes == 1.6e10)
        #expect(abs(row.days(at: 1e15) - 1.2e5 / 86_400) < 1e-12)
        #expect(ScalingOnPaper.rows.map(\.parameters).first == 1e6 && ScalingOnPaper.rows.map(\.parameters).last == 7e10)
    }
}

/// Erratum 6 at 28 px: conv2 (73,856 of 878,730 parameters, 8%) does 86.70 of 93.34 MFLOP (93%); fc1 (802,944, 91%)
/// does 4.82 (5%).
@Test func erratumSixIsConfirmed() {
    let evidence = ComputeResourcesStep.errataChecks[0].evaluate()
    #expect(evidence.confirmed)
    #expect(evidence.correctValue == "conv2 does 93% of the training FLOPs with 8% of the parameters; fc1 holds 91% of the parameters and does 5%")
}
