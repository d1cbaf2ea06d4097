
/// y = max(x, 0) (PyTorch's nn.ReLU), any shape. Keeps its output: backward lets the gradient through where it is
/// positive.
public final class ReLU<Scalar: KernelScalar>: Layer {
    public let name: String
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String) { self.name = name }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    /// input [any] → output [same].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        reluForward(input.scalars, output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [same] → inputGradient [same], zero where the output was not positive.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        reluBackward(output: output, outputGradient: outputGradient.scalars, inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
