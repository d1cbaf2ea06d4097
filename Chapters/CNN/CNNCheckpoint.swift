import Foundation
import Datasets
import DeepLearning

/// Trained weights as a safetensors file, with what it takes to use them again in its metadata: the input shape,
/// the class names, the normalisation and the test accuracy measured when it was saved.
///
/// Tensors are named as PyTorch's state_dict names them (`conv1.weight`, …, `fc2.bias`), so the file loads into
/// the article's `CNNModel` with `load_state_dict` (the 28×28 adaptation's shapes).
public struct CNNCheckpoint: Sendable, Equatable {
    /// [channels, height, width].
    public var inputShape: [Int]
    public var classNames: [String]
    public var normalization: InputNormalization
    /// Which data the model was trained on: "fashion-mnist" or the ImageFolder training root.
    public var data: String
    /// Correct test predictions when saved, and the test set's size.
    public var testCorrect: Int
    public var testCount: Int
    public var seed: UInt64
    /// How it was trained, e.g. "10 epochs on 55000 fit images, batch 64, Adam lr 0.001".
    public var recipe: String

    public init(inputShape: [Int], classNames: [String], normalization: InputNormalization, data: String,
                testCorrect: Int, testCount: Int, seed: UInt64, recipe: String) {
        self.inputShape = inputShape
        self.classNames = classNames
        self.normalization = normalization
        self.data = data
        self.testCorrect = testCorrect
        self.testCount = testCount
        self.seed = seed
        self.recipe = recipe
    }

    /// Metadata values are strings; numbers are written in Swift's shortest round-tripping form.
    var metadata: [String: String] {
        func list<T>(_ values: [T]) -> String { values.map { "\($0)" }.joined(separator: ",") }
        let names = (try? JSONEncoder().encode(classNames)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return ["input_shape": list(inputShape), "class_names": names, "mean": list(normalization.mean),
                "std": list(normalization.std), "data": data, "test_correct": "\(testCorrect)",
                "test_count": "\(testCount)", "seed": "\(seed)", "recipe": recipe, "format": "workbook-cnn-1"]
    }

    /// Saves `model`'s parameters and this description.
    public func save(_ model: Sequential<Float>, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try saveSafetensors(model: model, metadata: metadata, to: url)
    }

    /// Reads a file written by `save`: the description and the model with its weights.
    public static func load(from url: URL) throws -> (checkpoint: CNNCheckpoint, model: Sequential<Float>) {
        let contents = try loadSafetensors(from: url)
        let meta = contents.metadata
        func field(_ key: String) throws -> String {
            guard let value = meta[key] else {
                throw OptionError("\(url.path): no \"\(key)\" in its metadata: not a file written by `workbook training`")
            }
            return value
        }
        func numbers<T: LosslessStringConvertible>(_ key: String) throws -> [T] {
            let values = try field(key).split(separator: ",").map { T(String($0)) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
                throw OptionError("\(url.path): metadata \"\(key)\" is not a list of numbers")
            }
            return values.map { $0! }
        }
        guard let names = try? JSONDecoder().decode([String].self, from: Data(try field("class_names").utf8)) else {
            throw OptionError("\(url.path): metadata \"class_names\" is not a JSON list of strings")
        }
        let shape: [Int] = try numbers("input_shape")
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
            throw OptionError("\(url.path): metadata \"input_shape\" must be channels,height,width")
        }
        let (mean, std): ([Double], [Double]) = (try numbers("mean"), try numbers("std"))
        guard mean.count == shape[0], std.count == shape[0] else {
            throw OptionError("\(url.path): metadata \"mean\" and \"std\" need one value per input channel (\(shape[0])), "
                              + "got \(mean.count) and \(std.count)")
        }
        let checkpoint = CNNCheckpoint(
            inputShape: shape, classNames: names, normalization: InputNormalization(mean: mean, std: std),
            data: try field("data"), testCorrect: try numbers("test_correct")[0],
            testCount: try numbers("test_count")[0], seed: try numbers("seed")[0], recipe: meta["recipe"] ?? "recipe not recorded")
        var generator = RandomGenerator(seed: 0)
        let model = CNNTrainer.model(inputShape: shape, classes: names.count, generator: &generator)
        try loadSafetensors(into: model, from: url)
        return (checkpoint, model)
    }
}
