/// ResNet's basic block (He et al. 2016; torchvision's `BasicBlock`): two 3×3 convolutions with batch norm, plus
/// a shortcut, then ReLU:
///
///     y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
///
/// The shortcut is the identity when the block keeps the shape, else `downsample`: a 1×1 convolution with the
/// block's stride and a batch norm (torchvision's option B). The convolutions have no bias (batch norm's β
/// follows). Names as torchvision's: `conv1`, `bn1`, `relu`, `conv2`, `bn2`, `downsample.0`, `downsample.1`, so
/// that `layer2.0.downsample.0.weight` is the same key in a PyTorch `state_dict`.
///
/// input [N, C, H, W] → output [N, OC, ⌊(H − 1)/s⌋ + 1, ⌊(W − 1)/s⌋ + 1]. The residual addition and the last ReLU
/// run as one pass (`residualReLUForward`); backward sends the masked gradient into the body and the shortcut and
/// adds what comes back.
public final class BasicBlock<Scalar: KernelScalar>: Layer {
    public let name: String
    public let inputChannels: Int
    public let outputChannels: Int
    public let stride: Int
    public let conv1: Conv2d<Scalar>
    public let bn1: BatchNorm2d<Scalar>
    public let relu: ReLU<Scalar>
    public let conv2: Conv2d<Scalar>
    public let bn2: BatchNorm2d<Scalar>
    /// The projection shortcut [conv 1×1 stride s, batch norm] when the stride or the channel count changes.
    public let downsample: Sequential<Scalar>?
    public var isTraining = true {
        didSet { for child in children { child.isTraining = isTraining } }
    }
    public var needsInputGradient = true {
        didSet {
            conv1.needsInputGradient = needsInputGradient
            downsample?.needsInputGradient = needsInputGradient
        }
    }

    private var shapes = ShapeMemo()
    /// relu(body + shortcut) [N, OC, OH, OW], kept for backward's mask.
    private var output: [Scalar] = []
    /// ∂L/∂(body + shortcut) [N, OC, OH, OW]: the output gradient where the output is positive.
    private var sumGradient: [Scalar] = []
    private var inputGradient: [Scalar] = []

    /// The block's layers drawn from `generator` in torchvision's order: conv1, conv2, then downsample.0.
    public init(name: String, inputChannels: Int, outputChannels: Int, stride: Int = 1,
                generator: inout RandomGenerator) {
        self.name = name
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.stride = stride
        conv1 = Conv2d(name: "conv1", inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3,
                       stride: stride, padding: 1, bias: false, generator: &generator)
        bn1 = BatchNorm2d(name: "bn1", channels: outputChannels)
        relu = ReLU(name: "relu")
        conv2 = Conv2d(name: "conv2", inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3,
                       padding: 1, bias: false, generator: &generator)
        bn2 = BatchNorm2d(name: "bn2", channels: outputChannels)
        downsample = stride == 1 && inputChannels == outputChannels ? nil : Sequential(name: "downsample", layers: [
            Conv2d(name: "0", inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1,
                   stride: stride, bias: false, generator: &generator),
            BatchNorm2d(name: "1", channels: outputChannels),
        ])
        downsample?.needsInputGradient = true
    }

    /// torchvision's registration order (its one `relu` module serves both ReLUs; here the second is fused).
    public var children: [any Layer<Scalar>] {
        [conv1, bn1, relu, conv2, bn2] + (downsample.map { [$0] } ?? [])
    }

    /// The body's layers one after another; the shortcut sees the block's input.
    public func childInputShapes(for inputShape: [Int]) throws -> [[Int]] {
        let afterConv1 = try conv1.outputShape(for: inputShape)
        return [inputShape, afterConv1, afterConv1, afterConv1, try conv2.outputShape(for: afterConv1)]
            + (downsample == nil ? [] : [inputShape])
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let bodyShape = try conv2.outputShape(for: try conv1.outputShape(for: inputShape))
        let shortcutShape = try downsample?.outputShape(for: inputShape) ?? inputShape
        guard bodyShape == shortcutShape else {
            throw ShapeError(layer: name, problem: "the body gives \(bodyShape.shapeDescription) but the identity "
                             + "shortcut \(shortcutShape.shapeDescription)", inputShape: inputShape)
        }
        return bodyShape
    }

    /// input [N, C, H, W] → output [N, OC, OH, OW].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        let body = try bn2.forward(conv2.forward(relu.forward(bn1.forward(conv1.forward(input)))))
        let shortcut = try downsample?.forward(input) ?? input
        residualReLUForward(body: body.scalars, shortcut: shortcut.scalars, output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, OC, OH, OW] → inputGradient [N, C, H, W] = body′ᵀ·g + shortcut′ᵀ·g, where g is the
    /// output gradient masked by the last ReLU.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        reluBackward(output: output, outputGradient: outputGradient.scalars, inputGradient: &sumGradient)
        let masked = Tensor(shape: outputGradient.shape, scalars: sumGradient)
        let throughBody = try conv1.backward(bn1.backward(relu.backward(conv2.backward(bn2.backward(masked)))))
        let throughShortcut = try downsample?.backward(masked) ?? masked
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        add(throughBody.scalars, throughShortcut.scalars, into: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
