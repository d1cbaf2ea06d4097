import Foundation
import Testing
@testable import DeepLearning

/// The small ResNet and the DenseNet-BC for 28×28 images against the same definitions in PyTorch (models.json,
/// written by make_block_fixtures.py): parameter names, shapes and order (named_parameters), state_dict keys, the
/// parameter count, and the forward FLOPs PyTorch's shapes give (counted there with forward hooks).
@Suite("Small ResNet and DenseNet-BC: names, counts and FLOPs as PyTorch's")
struct SmallModelsTests {
    struct Description: Decodable {
        var namedParameters: [ModuleTreeTests.Named]
        var stateDict: [ModuleTreeTests.Named]
        var parameterCount: Int
        var forwardFlopsPerImage: Int
        enum CodingKeys: String, CodingKey {
            case namedParameters = "named_parameters", stateDict = "state_dict", parameterCount = "parameter_count"
            case forwardFlopsPerImage = "forward_flops_per_image"
        }
    }
    struct Models: Decodable {
        var smallResnet: Description
        var densenetBC: Description
        enum CodingKeys: String, CodingKey { case smallResnet = "small_resnet", densenetBC = "densenet_bc" }
    }

    static let models: Models = {
        let url = Bundle.module.url(forResource: "models", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Models.self, from: Data(contentsOf: url))
    }()

    func expectSameAsPyTorch(_ model: Sequential<Float>, _ expected: Description,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let named = model.namedParameters().map { ModuleTreeTests.Named(name: $0.name, shape: $0.parameter.shape) }
        #expect(named == expected.namedParameters, sourceLocation: sourceLocation)
        let tensors = model.namedTensors().map { ModuleTreeTests.Named(name: $0.name, shape: $0.parameter.shape) }
        #expect(tensors.sorted { $0.name < $1.name } == expected.stateDict.sorted { $0.name < $1.name },
                sourceLocation: sourceLocation)
        let summary = try ModelSummary(of: model, inputShape: [1, 1, 28, 28])
        #expect(summary.totalParameterCount == expected.parameterCount, sourceLocation: sourceLocation)
        #expect(ParameterStore(model).count == expected.parameterCount, sourceLocation: sourceLocation)
        #expect(summary.forwardFlops == expected.forwardFlopsPerImage, sourceLocation: sourceLocation)
        #expect(try model.forward(Tensor(shape: [2, 1, 28, 28], repeating: 0.5)).shape == [2, 10],
                sourceLocation: sourceLocation)
    }

    /// Parameters by hand: stem 1·16·9 + BN 32 = 176; layer1 2·(2·2,304 + 64) = 9,344; layer2 (4,608 + 9,216 +
    /// 128 + 512 + 64) + (2·9,216 + 128) = 33,088; layer3 (18,432 + 36,864 + 256 + 2,048 + 128) + (2·36,864 +
    /// 256) = 131,712; fc 64·10 + 10 = 650. Total 174,970, the count.
    @Test func smallResNet() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>.smallResNet(generator: &generator)
        #expect(Self.models.smallResnet.parameterCount == 174_970)
        try expectSameAsPyTorch(model, Self.models.smallResnet)
        let summary = try ModelSummary(of: model, inputShape: [1, 1, 28, 28])
        let text = summary.description
        #expect(text.contains("├─layer2 (Sequential)"))
        #expect(text.contains("│  ├─0 (BasicBlock)"))
        #expect(text.contains("│  │  ├─downsample (Sequential)"))
        #expect(summary.rows.first { $0.name == "layer3" }.map(\.outputShape) == [1, 64, 7, 7])
    }

    @Test func denseNetBC() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>.denseNetBC(generator: &generator)
        try expectSameAsPyTorch(model, Self.models.densenetBC)
        let summary = try ModelSummary(of: model, inputShape: [1, 1, 28, 28])
        #expect(summary.description.contains("├─denselayer6 (DenseLayer)"))
        // 24 + 6·12 = 96 channels, halved to 48; 48 + 72 = 120, halved to 60; 60 + 72 = 132 at 7×7.
        #expect(summary.rows.first { $0.name == "denseblock3" }.map(\.outputShape) == [1, 132, 7, 7])
    }
}
