
/// [N, d1, d2, …] → [N, d1·d2·…] (PyTorch's nn.Flatten with start_dim 1). Only the shape changes: the numbers
/// are shared, not copied, in both directions.
public final class Flatten<Scalar: KernelScalar>: Layer {
    public let name: String
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()

    public init(name: String) { self.name = name }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 1 else {
            throw ShapeError(layer: name, problem: "expected a batch dimension, got a scalar", inputShape: inputShape)
        }
        return [inputShape[0], inputShape.dropFirst().reduce(1, *)]
    }

    /// input [N, …] → output [N, product of the rest].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        input.reshaped(try shapes.outputShape(for: input.shape, of: self))
    }

    /// outputGradient [N, product] → inputGradient [N, …] (the last forward input's shape).
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        return outputGradient.reshaped(shapes.input)
    }
}
