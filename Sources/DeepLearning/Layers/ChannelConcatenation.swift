/// y = cat(x, body(x)) along the channels (torch.cat(dim=1)): the input passes through unchanged and the body's
/// feature maps are appended to it, DenseNet's connection (Huang et al. 2017), as `Residual` is ResNet's.
///
/// input [N, C, H, W] → output [N, C + B, H, W] when the body maps [N, C, H, W] to [N, B, H, W]. Backward splits
/// the output gradient: its last B channels go into the body, and ∂L/∂x = (its first C channels) + the body's input
/// gradient. Each layer copies its whole input into its output, so a block of L layers copies O(L²) channels —
/// the price of keeping every tensor contiguous (the bench's profile measures it).
public final class ChannelConcatenation<Scalar: KernelScalar>: Layer {
    public let name: String
    /// How summaries name the layer: `DenseLayer` for DenseNet's.
    public let typeName: String
    public let body: any Layer<Scalar>
    public var isTraining = true {
        didSet { body.isTraining = isTraining }
    }
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    /// The body's share of the output gradient, [N, B, H, W].
    private var bodyGradient: [Scalar] = []
    private var inputGradient: [Scalar] = []

    /// Give the body an empty name to name its layers directly under this one (`denselayer1.norm1.weight`).
    public init(name: String, typeName: String = "ChannelConcatenation", body: any Layer<Scalar>) {
        self.name = name
        self.typeName = typeName
        self.body = body
        body.needsInputGradient = true
    }

    public var children: [any Layer<Scalar>] { [body] }

    public func childInputShapes(for inputShape: [Int]) throws -> [[Int]] { [inputShape] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let bodyShape = try body.outputShape(for: inputShape)
        guard inputShape.count == 4, bodyShape.count == 4, bodyShape[0] == inputShape[0],
              bodyShape[2...] == inputShape[2...] else {
            throw ShapeError(layer: name, problem: "cannot append the body's \(bodyShape.shapeDescription) to "
                             + "the input's channels: batch, height and width must be equal", inputShape: inputShape)
        }
        return [inputShape[0], inputShape[1] + bodyShape[1], inputShape[2], inputShape[3]]
    }

    /// input [N, C, H, W] → output [N, C + B, H, W].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        let appended = try body.forward(input)
        concatenateChannels(input.scalars, channels: input.shape[1], appended.scalars, channels: appended.shape[1],
                            batch: shape[0], plane: shape[2] * shape[3], into: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C + B, H, W] → inputGradient [N, C, H, W].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        let input = shapes.input, (batch, plane) = (input[0], input[2] * input[3])
        let (leading, trailing) = (input[1], outputGradient.shape[1] - input[1])
        trailingChannels(of: outputGradient.scalars, leading: leading, trailing: trailing, batch: batch, plane: plane,
                         into: &bodyGradient)
        let throughBody = try body.backward(Tensor(shape: [batch, trailing, input[2], input[3]], scalars: bodyGradient))
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        concatenationInputGradient(outputGradient: outputGradient.scalars, bodyInputGradient: throughBody.scalars,
                                   channels: leading, secondChannels: trailing, batch: batch, plane: plane,
                                   inputGradient: &inputGradient)
        return Tensor(shape: input, scalars: inputGradient)
    }
}
