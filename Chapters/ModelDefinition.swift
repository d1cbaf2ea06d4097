import Foundation
import Datasets
import DeepLearning

/// §5.2.2 模型定义: the article's `CNNModel`, exactly as written, and why it cannot run on the images §5.2.1 makes.
///
///     conv1 = Conv2d(3, 64, 3, padding=1)     224×224 → 224×224, maxpool → 112×112
///     conv2 = Conv2d(64, 128, 3, padding=1)   112×112 → 112×112, maxpool → 56×56
///     fc1 = Linear(128·28·28, 128)             but the flattened map has 128·56·56 = 401,408 features (erratum 3)
///     fc2 = Linear(128, 10)
///
/// 128·28·28 = 100,352 is the map of a 112-px input. Two fixes: feed 112×112 images, or size fc1 to the map
/// (128·56·56). Parameter counts, each layer `in·out·k² + out` (conv) or `in·out + out` (linear):
///     as written: 3·64·9+64 = 1,792; 64·128·9+128 = 73,856; 100,352·128+128 = 12,845,184; 128·10+10 = 1,290
///                 → 12,922,122
///     fc1 sized to 56×56: 401,408·128+128 = 51,380,352 → 51,457,290
///     28×28 gray adaptation: 1·64·9+64 = 640; 73,856; 6,272·128+128 = 802,944; 1,290 → 878,730
public enum ModelDefinition {
    /// The article's fc1 input size, 128·28·28.
    public static let articleFC1Features = 128 * 28 * 28
    /// The first batch the article's loader yields: 64 RGB images of 224×224.
    public static let articleBatchShape = [64, 3, ArticlePipeline.size, ArticlePipeline.size]

    /// The article's model with `fc1InputFeatures` (128·28·28 as written) for `inputChannels`-channel images.
    public static func model(inputChannels: Int = 3, fc1InputFeatures: Int = articleFC1Features) -> Sequential<Float> {
        var generator = RandomGenerator(seed: 0, stream: CNNTrainer.weightStream)
        return Sequential.articleCNN(inputChannels: inputChannels, fc1InputFeatures: fc1InputFeatures,
                                     generator: &generator)
    }

    /// Parameters of the article's architecture, in closed form (see the type's comment).
    public static func parameterCount(inputChannels: Int, fc1InputFeatures: Int, classes: Int = 10) -> Int {
        (inputChannels * 64 * 9 + 64) + (64 * 128 * 9 + 128) + (fc1InputFeatures * 128 + 128) + (128 * classes + classes)
    }

    /// The error the model as written raises on an input of `shape`, found from shapes alone; nil if it fits.
    public static func shapeError(_ model: Sequential<Float>, inputShape shape: [Int]) -> ShapeError? {
        do {
            _ = try model.outputShapes(for: shape)
            return nil
        } catch {
            return error as? ShapeError
        }
    }

    /// How many layers of each kind the model has, by PyTorch's type name (erratum 4).
    public static func layerCounts(_ model: Sequential<Float>) -> [String: Int] {
        Dictionary(model.layers.map { ($0.typeName, 1) }, uniquingKeysWith: +)
    }
}

/// `workbook model-definition`: §5.2.2 narrated.
public enum ModelDefinitionStep: ConfigurableStep {
    public static let command = "model-definition"
    public static let section = ArticleSection.modelDefinition
    public static let abstract = "§5.2.2: the article's CNN as written fails at 224 px (fc1 expects 128·28·28, gets 128·56·56); two fixes; parameter counts."
    public static let discussion = """
        Builds the article's CNNModel exactly as written (3 input channels, fc1 = Linear(128·28·28, 128)) and \
        runs its first batch's shapes through it: after two 2×2 poolings a 224×224 input leaves a 56×56 map, so \
        fc1 receives 128·56·56 = 401,408 features instead of 100,352 (erratum 3) and fails with \
        "fc1: expected 100352 input features, got 401408 (input 64×128×56×56)"; then a real forward pass on two \
        Fashion-MNIST images through the §5.2.1 pipeline fails the same way. Fixes: 112-px inputs, or fc1 sized \
        to the map. Per-layer summaries (output shapes, parameters, FLOPs) of each, and of the 28×28 gray \
        adaptation the workbook trains (878,730 parameters). Erratum 4: the explanation speaks of one fully \
        connected layer and two ReLUs; the code has two Linear layers and applies ReLU three times.
        """

    public static let errataChecks = [
        ErratumCheck(erratum: 3) {
            let error = ModelDefinition.shapeError(ModelDefinition.model(), inputShape: ModelDefinition.articleBatchShape)
            return ErratumEvidence(
                articleValue: "fc1 = Linear(128·28·28 = 100352, 128) after two 2×2 poolings of a 224×224 input",
                correctValue: error.map { "\($0)" } ?? "no error",
                confirmed: error?.layer == "fc1" && error?.inputShape == [64, 128, 56, 56],
                explanation: "224 → pool → 112 → pool → 56: the flattened map has 128·56·56 = 401408 features; 128·28·28 fits a 112-px input")
        },
        ErratumCheck(erratum: 4) {
            let counts = ModelDefinition.layerCounts(ModelDefinition.model())
            let linear = counts["Linear"] ?? 0, relu = counts["ReLU"] ?? 0
            return ErratumEvidence(
                articleValue: "\"两个卷积层、两个ReLU激活函数、两个最大池化层和一个全连接层\": 1 fully connected layer, 2 ReLUs",
                correctValue: "forward() applies \(linear) Linear layers (fc1, fc2) and ReLU \(relu) times (after conv1, conv2, fc1)",
                confirmed: linear == 2 && relu == 3,
                explanation: "the code's single self.relu module is applied three times; fc2 is a second fully connected layer")
        },
    ]

    public static func run(_ options: DataStepOptions, in context: RunContext) throws {
        let dataDirectory = options.dataDirectory
        let asWritten = ModelDefinition.model()
        context.heading("The article's CNNModel as written, on its first batch (\(ModelDefinition.articleBatchShape.shapeDescription))")
        context.say("conv1 3→64 (3×3, pad 1), ReLU, maxpool 2 → conv2 64→128 (3×3, pad 1), ReLU, maxpool 2 → view → fc1 Linear(128*28*28, 128), ReLU → fc2 Linear(128, 10)")
        var shape = ModelDefinition.articleBatchShape
        for layer in asWritten.layers {
            do {
                let next = try layer.outputShape(for: shape)
                context.say("  \(layer.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(shape.shapeDescription) → \(next.shapeDescription)")
                shape = next
            } catch {
                context.say("  \(layer.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(shape.shapeDescription) → ✗")
                break
            }
        }
        let error = ModelDefinition.shapeError(asWritten, inputShape: ModelDefinition.articleBatchShape)
        context.say("error: \(error.map { "\($0)" } ?? "none")")
        context.say("224 → 112 → 56 after the two poolings: 128·56·56 = \(128 * 56 * 56) features; fc1 was sized for 128·28·28 = \(128 * 28 * 28), a 112-px input (erratum 3).")
        context.result("error at 224 px", .text(error.map { "\($0)" } ?? "none"))

        context.heading("A real forward pass: two Fashion-MNIST images through §5.2.1's pipeline (RGB, Resize 224, ImageNet Normalize)")
        let test = try FashionMNIST.load(.test, directory: dataDirectory)
        let realBatch = try ArticlePipeline.batch(test, count: 2)
        context.say("input \(realBatch.shape.shapeDescription)")
        do {
            let logits = try asWritten.forward(realBatch)
            context.say("unexpectedly ran: \(logits.shape.shapeDescription)")
        } catch {
            context.say("forward threw: \(error)")
        }

        context.heading("Fix 1: feed 112×112 images (Resize((112, 112))): fc1's 128·28·28 then fits")
        let small = try ArticlePipeline.batch(test, count: 2, size: 112)
        let fixedInput = try asWritten.forward(small)
        context.say("forward on \(small.shape.shapeDescription) → logits \(fixedInput.shape.shapeDescription): "
                    + (0..<10).map { format(Double(fixedInput.scalars[$0]), digits: 3) }.joined(separator: " "))
        try summarise(asWritten, inputShape: [64, 3, 112, 112], label: "as written, 112 px", in: context)

        context.heading("Fix 2: keep 224 px and size fc1 to the map: Linear(128·56·56, 128)")
        let wide = ModelDefinition.model(fc1InputFeatures: 128 * 56 * 56)
        let fixedLayer = try wide.forward(realBatch)
        context.say("forward on \(realBatch.shape.shapeDescription) → logits \(fixedLayer.shape.shapeDescription)")
        try summarise(wide, inputShape: ModelDefinition.articleBatchShape, label: "fc1 = 128·56·56, 224 px", in: context)
        let fc1Share = Double(128 * 56 * 56 * 128 + 128) / Double(ModelDefinition.parameterCount(inputChannels: 3, fc1InputFeatures: 128 * 56 * 56))
        context.say("Four times the pixels after pooling: fc1 alone has 401,408·128 + 128 = 51,380,352 weights, \(percent(fc1Share)) of the model.")

        context.heading("What the workbook trains: the same layers for 1×28×28 gray images, fc1 = 128·7·7 = 6272")
        try summarise(ModelDefinition.model(inputChannels: 1, fc1InputFeatures: 128 * 7 * 7), inputShape: [64, 1, 28, 28],
                      label: "28×28 adaptation", in: context)

        context.heading("Erratum 4: what the explanation says and what the code has")
        let counts = ModelDefinition.layerCounts(asWritten)
        context.say("explanation: two conv layers, two ReLUs, two max-pooling layers, ONE fully connected layer")
        context.say("code: \(counts["Conv2d"] ?? 0) Conv2d, \(counts["MaxPool2d"] ?? 0) max-poolings, \(counts["Linear"] ?? 0) Linear (fc1, fc2), "
                    + "ReLU applied \(counts["ReLU"] ?? 0) times (one self.relu module, called after conv1, conv2 and fc1)")
        context.result("linear layers", .integer(counts["Linear"] ?? 0))
        context.result("relu applications", .integer(counts["ReLU"] ?? 0))
    }

    private static func summarise(_ model: Sequential<Float>, inputShape: [Int], label: String,
                                  in context: RunContext) throws {
        let summary = try ModelSummary(of: model, inputShape: inputShape)
        context.say(summary.description)
        context.result("parameters: \(label)", .integer(summary.totalParameterCount))
    }
}
