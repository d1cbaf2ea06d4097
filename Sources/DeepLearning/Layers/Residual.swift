/// y = body(x) + shortcut(x), the residual connection of ResNet blocks (the shortcut is the identity when nil,
/// or e.g. a strided 1×1 convolution with BatchNorm when the shape changes).
///
/// input [any] → output [body's output shape], which the shortcut's output must equal. Backward sends the output
/// gradient into both branches and adds what comes back.
public final class Residual<Scalar: KernelScalar>: Layer {
    public let name: String
    public let body: any Layer<Scalar>
    public let shortcut: (any Layer<Scalar>)?
    public var isTraining = true {
        didSet {
            body.isTraining = isTraining
            shortcut?.isTraining = isTraining
        }
    }
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, body: any Layer<Scalar>, shortcut: (any Layer<Scalar>)? = nil) {
        self.name = name
        self.body = body
        self.shortcut = shortcut
        body.needsInputGradient = true
        shortcut?.needsInputGradient = true
    }

    /// The body, then the shortcut (PyTorch's BasicBlock registers conv1 … bn2, then downsample). Give the body an
    /// empty name to name its layers directly under the block (`layer1.0.conv1.weight`, as torchvision does).
    public var children: [any Layer<Scalar>] { [body] + (shortcut.map { [$0] } ?? []) }

    /// Both branches see the block's input.
    public func childInputShapes(for inputShape: [Int]) throws -> [[Int]] {
        Array(repeating: inputShape, count: children.count)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let bodyShape = try body.outputShape(for: inputShape)
        let shortcutShape = try shortcut?.outputShape(for: inputShape) ?? inputShape
        guard bodyShape == shortcutShape else {
            throw ShapeError(layer: name, problem: "the body gives \(bodyShape.shapeDescription) but the shortcut "
                             + shortcutShape.shapeDescription, inputShape: inputShape)
        }
        return bodyShape
    }

    /// input [any] → output = body(input) + shortcut(input).
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        let bodyOutput = try body.forward(input)
        let shortcutOutput = try shortcut?.forward(input) ?? input
        add(bodyOutput.scalars, shortcutOutput.scalars, into: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [output shape] → inputGradient [input shape] = body′ᵀ·dy + shortcut′ᵀ·dy.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        let bodyGradient = try body.backward(outputGradient)
        let shortcutGradient = try shortcut?.backward(outputGradient) ?? outputGradient
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        add(bodyGradient.scalars, shortcutGradient.scalars, into: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
