import DeepLearning

/// The bytes a training step of the CNN keeps, counted from the model's shapes (not measured: our 16-bit values
/// sit in Float slots, see `NumberFormat`): weights, weight gradients, Adam's two moments, and the activations
/// backward needs (every layer's output for a batch).
///
/// FP32: weights and gradients 4 bytes each. Mixed precision (Micikevicius et al.): FP32 master weights (4) plus
/// their 16-bit copy (2), 16-bit gradients (2; this engine converts them back into the FP32 store for the update,
/// which a fused optimizer kernel would not need), 16-bit activations. Adam's moments stay FP32 in both.
public struct StepMemory: Sendable, Equatable {
    public var weights: Int
    public var gradients: Int
    public var optimizerState: Int
    public var activations: Int
    public var total: Int { weights + gradients + optimizerState + activations }

    public init(parameters: Int, activationValues: Int, format: NumberFormat) {
        let bytes = format.bytesPerValue
        weights = format == .float32 ? 4 * parameters : (4 + bytes) * parameters
        gradients = bytes * parameters
        optimizerState = 8 * parameters
        activations = bytes * activationValues
    }

    /// The values of every layer's output of `model` for one batch of `inputShape` ([N, C, H, W]), except
    /// flatten's (a reshape that shares its input's storage).
    public static func activationValues(of model: Sequential<Float>, inputShape: [Int]) throws -> Int {
        zip(model.layers, try model.outputShapes(for: inputShape))
            .filter { !($0.0 is Flatten<Float>) }
            .reduce(0) { $0 + $1.1.reduce(1, *) }
    }
}
