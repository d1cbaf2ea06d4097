import Kernels

/// Average pooling over square windows (PyTorch's nn.AvgPool2d with count_include_pad = True: every window is
/// divided by K², padding counting as zeros; stride defaults to the kernel size).
///
/// input [N, C, H, W] → output [N, C, OH, OW], OH = ⌊(H + 2p − K)/s⌋ + 1.
public final class AvgPool2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.name = name
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    func geometry(for inputShape: [Int]) throws -> WindowGeometry {
        try poolingGeometry(layer: name, inputShape: inputShape, kernelHeight: kernelSize, kernelWidth: kernelSize,
                            stride: stride, padding: padding)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [g.batch, g.channels, g.outputHeight, g.outputWidth]
    }

    /// input [N, C, H, W] → output [N, C, OH, OW].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        averagePoolForward(try geometry(for: input.shape), input: input.scalars, output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C, OH, OW] → inputGradient [N, C, H, W].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        averagePoolBackward(try geometry(for: shapes.input), outputGradient: outputGradient.scalars,
                            inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
