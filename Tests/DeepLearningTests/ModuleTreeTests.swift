import Foundation
import Testing
@testable import DeepLearning

/// Parameter names from the module tree, against the names PyTorch gives the same architectures
/// (Fixtures/module_names.json, written by make_module_names.py), and a shared parameter counted once.
@Suite("Module tree: names as PyTorch gives them, shared parameters once")
struct ModuleTreeTests {
    struct Description: Decodable {
        var namedParameters: [Named]
        var stateDict: [Named]
        var sharedAliases: [String]
        var parameterCount: Int
        enum CodingKeys: String, CodingKey {
            case namedParameters = "named_parameters", stateDict = "state_dict", sharedAliases = "shared_aliases"
            case parameterCount = "parameter_count"
        }
    }
    /// A JSON pair [name, shape].
    struct Named: Decodable, Equatable {
        var name: String
        var shape: [Int]
        init(name: String, shape: [Int]) { (self.name, self.shape) = (name, shape) }
        init(from decoder: Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            name = try pair.decode(String.self)
            shape = try pair.decode([Int].self)
        }
    }
    struct Fixture: Decodable { var nested: Description; var tied: Description }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "module_names", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// torchvision's BasicBlock in our layers: the body's layers sit directly in the block (an unnamed Sequential
    /// inside an unnamed Residual), the 1×1 projection is `downsample` with children `0` and `1`.
    static func basicBlock(_ name: String, _ inputs: Int, _ outputs: Int, stride: Int,
                           _ generator: inout RandomGenerator) -> Sequential<Double> {
        let body = Sequential<Double>(layers: [
            Conv2d(name: "conv1", inputChannels: inputs, outputChannels: outputs, kernelSize: 3, stride: stride,
                   padding: 1, bias: false, generator: &generator),
            BatchNorm2d(name: "bn1", channels: outputs), ReLU(name: "relu"),
            Conv2d(name: "conv2", inputChannels: outputs, outputChannels: outputs, kernelSize: 3, padding: 1,
                   bias: false, generator: &generator),
            BatchNorm2d(name: "bn2", channels: outputs),
        ])
        let downsample = stride == 1 && inputs == outputs ? nil : Sequential<Double>(name: "downsample", layers: [
            Conv2d(name: "0", inputChannels: inputs, outputChannels: outputs, kernelSize: 1, stride: stride,
                   bias: false, generator: &generator),
            BatchNorm2d(name: "1", channels: outputs),
        ])
        return Sequential(name: name, layers: [Residual(name: "", body: body, shortcut: downsample), ReLU(name: "relu")])
    }

    /// The fixture's "nested" model: stem, a stage of two blocks, global pool, classifier.
    static func nestedModel() -> Sequential<Double> {
        var generator = RandomGenerator(seed: 3)
        return Sequential(layers: [
            Sequential(name: "stem", layers: [
                Conv2d(name: "conv", inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, bias: false,
                       generator: &generator),
                BatchNorm2d(name: "bn", channels: 4), ReLU(name: "relu"),
            ]),
            Sequential(name: "stage1", layers: [basicBlock("0", 4, 4, stride: 1, &generator),
                                                basicBlock("1", 4, 8, stride: 2, &generator)]),
            AvgPool2d.global(name: "pool"), Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: 8, outputFeatures: 10, generator: &generator),
        ])
    }

    /// The fixture's "tied" model: decoder.weight is encoder.weight.
    static func tiedModel() -> (model: Sequential<Double>, encoder: Linear<Double>, decoder: Linear<Double>) {
        var generator = RandomGenerator(seed: 4)
        let encoder = Linear<Double>(name: "encoder", inputFeatures: 4, outputFeatures: 4, generator: &generator)
        let decoder = Linear<Double>(name: "decoder", sharing: encoder.weight, generator: &generator)
        return (Sequential(layers: [encoder, decoder]), encoder, decoder)
    }

    static func named(_ tensors: [NamedParameter<Double>]) -> [Named] {
        tensors.map { Named(name: $0.name, shape: $0.parameter.shape) }
    }

    @Test func nestedNamesAreTorchs() throws {
        let model = Self.nestedModel(), expected = Self.fixture.nested
        #expect(Self.named(model.namedParameters()) == expected.namedParameters)
        // state_dict lists a module's buffers right after its parameters; the saved file's keys are a set.
        #expect(Set(Self.named(model.namedTensors()).map(\.name)) == Set(expected.stateDict.map(\.name)))
        #expect(Self.named(model.namedTensors()).sorted { $0.name < $1.name }
                == expected.stateDict.sorted { $0.name < $1.name })
        #expect(ParameterStore(model).count == expected.parameterCount)
        #expect(try ModelSummary(of: model, inputShape: [2, 1, 8, 8]).totalParameterCount == expected.parameterCount)
        // And the model runs: [2, 1, 8, 8] → [2, 10].
        #expect(try model.forward(Tensor(shape: [2, 1, 8, 8], repeating: 0.5)).shape == [2, 10])
    }

    /// PyTorch lists a shared tensor once in named_parameters() and counts it once; state_dict() has it under both
    /// names, of which a safetensors file keeps the first.
    @Test func aSharedParameterIsStoredAndCountedOnce() throws {
        let (model, encoder, decoder) = Self.tiedModel()
        let expected = Self.fixture.tied
        #expect(Self.named(model.namedParameters()) == expected.namedParameters)
        #expect(Self.named(model.namedTensors()).map(\.name)
                == expected.stateDict.map(\.name).filter { !expected.sharedAliases.contains($0) })
        let store = ParameterStore(model)
        #expect(store.count == expected.parameterCount)  // 16 + 4 + 4, not 16 + 4 + 16 + 4
        #expect(try ModelSummary(of: model, inputShape: [3, 4]).totalParameterCount == expected.parameterCount)
        // One memory: a change through one layer is seen by the other.
        encoder.weight.values[5] = 42
        #expect(decoder.weight.values[5] == 42)
        #expect(store.values[5] == 42)
    }

    /// Both uses of the shared weight add their gradient into it: the model's backward pass agrees with central
    /// differences that move the one weight both layers read (threshold and step: see `GradientCheck`).
    @Test func aSharedParameterGetsBothGradients() throws {
        let model = Self.tiedModel().model
        model.needsInputGradient = true
        let error = try GradientCheck.maximumError(of: model, inputShape: [3, 4])
        #expect(error.parameters < GradientCheck.threshold)
        #expect(error.input < GradientCheck.threshold)
    }

    /// The nested model (residual blocks with BatchNorm and a projection) as a whole: its backward pass through
    /// the module tree agrees with central differences for every input and parameter element.
    @Test func theNestedModelPassesTheGradientCheck() throws {
        let model = Self.nestedModel()
        model.needsInputGradient = true
        GradientCheck.randomizeParameters(of: model, seed: 9)
        let error = try GradientCheck.maximumError(of: model, inputShape: [2, 1, 6, 6])
        #expect(error.parameters < GradientCheck.threshold)
        #expect(error.input < GradientCheck.threshold)
    }

    /// torchinfo's layout: nested layers indented under their containers, `--` where the numbers are the children's.
    @Test func summaryListsNestedLayers() throws {
        let summary = try ModelSummary(of: Self.nestedModel(), inputShape: [2, 1, 8, 8])
        let names = summary.rows.map { String(repeating: " ", count: $0.depth - 1) + $0.name }
        #expect(names.prefix(6) == ["stem", " conv", " bn", " relu", "stage1", " 0"])
        // stage1 (1) → block "1" (2) → its Residual (3) → body and downsample (4) → their layers (5).
        #expect(summary.rows.first { $0.name == "downsample" }?.depth == 4)
        #expect(summary.rows.filter(\.isContainer).allSatisfy { $0.forwardFlops == 0 })
        // conv1 of block 1 (stride 2): 4→8 channels, 3×3, on 4×4 outputs, 2 images: 2·8·36·16·2 = 18,432 FLOPs.
        #expect(summary.rows.filter { $0.name == "conv1" }.map(\.forwardFlops) == [2 * 4 * 36 * 64 * 2, 18_432])
        let text = summary.description
        #expect(text.contains("├─stage1 (Sequential)"))
        #expect(text.contains("│  │  │  │  ├─conv1 (Conv2d)"))
        #expect(text.contains("│  │  ├─Residual "))  // an unnamed layer shows its type only
        #expect(text.contains("Total params: 1,382"))
    }
}
