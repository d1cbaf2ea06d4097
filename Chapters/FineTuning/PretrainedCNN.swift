import Foundation
import Datasets
import DeepLearning

/// The article's CNN after pre-training: every parameter by its full name (its pretext head included), and how to
/// turn it into a classifier for another task: the same body, a new output layer, some layers frozen.
public struct PretrainedCNN: Sendable {
    /// The output layer the fine-tuning replaces: `Sequential.articleCNN`'s last Linear.
    public static let headName = "fc2"

    /// `conv1.weight` … `fc2.bias` of the pre-trained model.
    public var tensors: [String: Tensor<Float>]
    /// The width of the pre-trained head (4 rotations, or the 5 classes 0–4).
    public var pretextClasses: Int

    public init(tensors: [String: Tensor<Float>], pretextClasses: Int) {
        (self.tensors, self.pretextClasses) = (tensors, pretextClasses)
    }

    /// The parameters of a trained model.
    public init(model: Sequential<Float>) {
        let named = model.namedParameters()
        tensors = Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0.parameter.value) })
        pretextClasses = (model.layers.last as? Linear<Float>)?.outputFeatures ?? 0
    }

    /// The pre-trained model itself, for [channels, height, width] inputs (its head as it was trained).
    public func pretextModel(inputShape: [Int]) -> Sequential<Float> {
        var unused = RandomGenerator(seed: 0)  // every weight drawn here is overwritten by the pre-trained one
        let model = CNNTrainer.articleCNN(inputShape, pretextClasses, &unused)
        for named in model.namedParameters() {
            guard let tensor = tensors[named.name] else { preconditionFailure("PretrainedCNN: no tensor \(named.name)") }
            named.parameter.value = tensor
        }
        return model
    }

    /// The fine-tuning model of `method`: the pre-trained body, a fresh `classes`-way head drawn from `generator`
    /// (PyTorch's initialisation, as every Linear), the layers outside `method.trainedLayers` frozen.
    public func fineTuningModel(inputShape: [Int], classes: Int, method: TransferMethod,
                                generator: inout RandomGenerator) -> Sequential<Float> {
        let model = Self.replacingHead(of: pretextModel(inputShape: inputShape), classes: classes, generator: &generator)
        Self.freeze(model, training: method.trainedLayers)
        return model
    }

    /// The same body (the very layer objects) with a new last layer: a fresh Linear of `classes` outputs, named
    /// as the old one, so that the model reads as before and only the head's shape and numbers change.
    public static func replacingHead(of model: Sequential<Float>, classes: Int,
                                     generator: inout RandomGenerator) -> Sequential<Float> {
        guard let head = model.layers.last as? Linear<Float> else {
            preconditionFailure("PretrainedCNN: the model's last layer is not a Linear head")
        }
        let newHead = Linear<Float>(name: head.name, inputFeatures: head.inputFeatures, outputFeatures: classes,
                                    generator: &generator)
        return Sequential(name: model.name, layers: Array(model.layers.dropLast()) + [newHead])
    }

    /// Freezes (`requiresGradient` false) every parameter of the layers not named in `trained` (nil: trains all):
    /// their kernels then get a nil gradient target and skip the weight gradient, and the optimizer skips them.
    public static func freeze(_ model: Sequential<Float>, training trained: Set<String>?) {
        for layer in model.layers {
            for parameter in layer.parameters { parameter.requiresGradient = trained?.contains(layer.name) ?? true }
        }
    }

    /// SHA-256 over the bytes of every frozen parameter's values, in `named_parameters()` order: equal before and
    /// after fine-tuning steps if and only if (up to a hash collision) not one frozen bit moved.
    public static func frozenChecksum(of model: some Layer<Float>) -> String {
        checksum(of: model.parameters.filter { !$0.requiresGradient })
    }

    /// SHA-256 over the bytes of the values of `parameters`, in order, as 64 hex digits.
    public static func checksum(of parameters: [Parameter<Float>]) -> String {
        let hasher = SHA256()
        for parameter in parameters { hasher.update(Array(UnsafeRawBufferPointer(parameter.values))) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    // MARK: Files

    /// Saves the parameters with `recipe` (what made them) in the metadata.
    public func save(to url: URL, recipe: String) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try saveSafetensors(SafetensorsContents(
            tensors: tensors.mapValues { SafetensorsTensor($0) },
            metadata: ["recipe": recipe, "pretext classes": String(pretextClasses)]), to: url)
    }

    /// The pre-trained parameters saved at `url` by the same `recipe`; nil when there is no file or it was made by
    /// another recipe (it is then trained again).
    public static func load(from url: URL, recipe: String) throws -> PretrainedCNN? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let contents = try loadSafetensors(from: url)
        guard contents.metadata["recipe"] == recipe, let classes = contents.metadata["pretext classes"].flatMap(Int.init)
        else { return nil }
        var tensors: [String: Tensor<Float>] = [:]
        for (name, tensor) in contents.tensors { tensors[name] = try tensor.tensor(as: Float.self, name: name) }
        return PretrainedCNN(tensors: tensors, pretextClasses: classes)
    }
}
