
/// Average pooling (PyTorch's nn.AvgPool2d with count_include_pad = True: every window is divided by K², padding
/// counting as zeros), or global average pooling over the whole image (`AvgPool2d.global`, PyTorch's
/// nn.AdaptiveAvgPool2d(1), as ResNet uses before its classifier).
///
/// input [N, C, H, W] → output [N, C, OH, OW], OH = ⌊(H + 2p − K)/s⌋ + 1 ([N, C, 1, 1] when global).
public final class AvgPool2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public let window: PoolingWindow
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    /// A kernelSize×kernelSize window; the stride defaults to the kernel size, as in PyTorch.
    public convenience init(name: String, kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(name: name, window: .square(kernelSize, stride: stride, padding: padding))
    }

    public init(name: String, window: PoolingWindow) {
        self.name = name
        self.window = window
    }

    /// The mean of each channel's plane: [N, C, H, W] → [N, C, 1, 1].
    public static func global(name: String) -> AvgPool2d { AvgPool2d(name: name, window: .wholeImage) }

    public var typeName: String { window == .wholeImage ? "AdaptiveAvgPool2d" : "AvgPool2d" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try window.outputShape(layer: name, for: inputShape)
    }

    /// input [N, C, H, W] → output [N, C, OH, OW].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        averagePoolForward(try window.geometry(layer: name, for: input.shape), input: input.scalars, output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C, OH, OW] → inputGradient [N, C, H, W]: each pixel receives 1/K² of the gradient of
    /// every window it is in.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        averagePoolBackward(try window.geometry(layer: name, for: shapes.input), outputGradient: outputGradient.scalars,
                            inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
