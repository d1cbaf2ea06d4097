/// y = x·Φ(x) (PyTorch's nn.GELU; `approximation: .tanh` is nn.GELU(approximate='tanh')), any shape. Keeps
/// GELU′(x) from the forward pass for backward (as many numbers as a copy of the input would take).
public final class GELU<Scalar: KernelScalar>: Layer {
    public let name: String
    public let approximation: GELUApproximation
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var derivative: [Scalar] = []
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    /// The exact form by default, as PyTorch's nn.GELU().
    public init(name: String, approximation: GELUApproximation = .none) {
        self.name = name
        self.approximation = approximation
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    /// input [any] → output [same].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        geluForward(input.scalars, approximation: approximation, output: &output, derivative: &derivative)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [same] → inputGradient = outputGradient·GELU′(input).
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        geluBackward(derivative: derivative, outputGradient: outputGradient.scalars, inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
