import DeepLearning
import Training

/// How a run of §9.3's mixed-precision comparison keeps its numbers: the article's CNN in FP32, or with its
/// weights, activations and gradients in a 16-bit format (Micikevicius et al. 2018), with or without loss scaling.
/// Every mode starts from the same weights and sees the same batches for a seed (the boundaries have no parameters
/// and draw nothing).
public enum PrecisionMode: String, CaseIterable, Sendable {
    case fp32
    case bf16
    case fp16Unscaled = "fp16-unscaled"
    case fp16Static = "fp16-static"
    case fp16Scaled = "fp16-scaled"

    /// The modes of the declared full runs (× 3 seeds): FP16 with a static scale is shown in quick runs only.
    public static let fullRuns: [PrecisionMode] = [.fp32, .bf16, .fp16Unscaled, .fp16Scaled]
    /// The static scale: 2¹⁰, fixed before any run (Micikevicius et al. used 8 to 32,768 by network; the census
    /// shows where this one puts the CNN's gradients).
    public static let staticScale: Float = 1024

    public var format: NumberFormat {
        switch self {
        case .fp32: .float32
        case .bf16: .bfloat16
        case .fp16Unscaled, .fp16Static, .fp16Scaled: .float16
        }
    }

    public var lossScaling: LossScaler.Policy? {
        switch self {
        case .fp16Static: .constant(Self.staticScale)
        case .fp16Scaled: .gradScalerDefaults
        case .fp32, .bf16, .fp16Unscaled: nil
        }
    }

    public var label: String {
        switch self {
        case .fp32: "FP32"
        case .bf16: "BF16"
        case .fp16Unscaled: "FP16 unscaled"
        case .fp16Static: "FP16 static ×1024"
        case .fp16Scaled: "FP16 dynamic scale"
        }
    }

    /// The article's CNN with a `PrecisionBoundary` in this mode's format on its input and after every convolution
    /// and linear layer (the layers that compute new values); the last one multiplies the loss gradient by
    /// `gradientScale`. conv1 computes no input gradient, as in the plain model.
    public func modelBuilder(gradientScale: GradientScale) -> CNNTrainer.ModelBuilder {
        let format = format
        return { inputShape, classes, generator in
            let plain = CNNTrainer.articleCNN(inputShape, classes, &generator)
            var layers: [any Layer<Float>] = [PrecisionBoundary(name: "input-\(format.rawValue)", format: format)]
            for layer in plain.layers {
                layers.append(layer)
                if layer is Conv2d<Float> || layer is Linear<Float> {
                    let last = layer === plain.layers.last
                    layers.append(PrecisionBoundary(name: "\(layer.name)-\(format.rawValue)", format: format,
                                                    gradientScale: last ? gradientScale : nil))
                }
            }
            let model = Sequential(layers: layers)
            model.layers[1].needsInputGradient = false
            return model
        }
    }

    /// Puts this mode's callbacks first in `trainer` (before its divergence guard): the 16-bit copies, then the
    /// loss scaler that unscales the rounded gradients. Returns the scaler, if the mode has one.
    @discardableResult
    public func attach(to trainer: CNNTrainer, gradientScale: GradientScale) -> LossScaler? {
        var callbacks: [any TrainingCallback] = []
        if format != .float32 { callbacks.append(MixedPrecision(format: format)) }
        let scaler = lossScaling.map { LossScaler($0, gradientScale: gradientScale) }
        if let scaler { callbacks.append(scaler) }
        trainer.trainer.callbacks.insert(contentsOf: callbacks, at: 0)
        return scaler
    }
}
