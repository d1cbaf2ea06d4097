
/// Zeroes each element with probability p in training and scales the rest by 1/(1 − p) (PyTorch's nn.Dropout);
/// the identity in evaluation. Any shape.
///
/// The mask comes from the layer's own `generator`: one `nextUnitFloat()` u per element in row-major order, the
/// element kept when u ≥ p. Reset `generator` to replay the same masks (gradient checks do).
public final class Dropout<Scalar: KernelScalar>: Layer {
    public let name: String
    public let probability: Double
    public var generator: RandomGenerator
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var keep: [UInt8] = []
    private var masked = false
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, probability: Double = 0.5, generator: RandomGenerator) {
        precondition(probability >= 0 && probability < 1, "\(name): dropout probability must be in [0, 1)")
        self.name = name
        self.probability = probability
        self.generator = generator
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    /// input [any] → output [same].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        masked = isTraining && probability > 0
        guard masked else { return input }
        drawKeepMask(count: input.count)
        applyMask(input.scalars, keep: keep, scale: Scalar(1 / (1 - probability)), output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [same] → inputGradient [same]: masked and scaled as the forward pass was.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        guard masked else { return outputGradient }
        applyMask(outputGradient.scalars, keep: keep, scale: Scalar(1 / (1 - probability)), output: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }

    // Not generic on purpose (a per-element loop in generic code here would run unspecialised).
    private func drawKeepMask(count: Int) {
        if keep.count != count { keep = [UInt8](repeating: 0, count: count) }
        let threshold = Float(probability)
        for i in 0..<count { keep[i] = generator.nextUnitFloat() >= threshold ? 1 : 0 }
    }
}
