
/// Max pooling (PyTorch's nn.MaxPool2d; padding counts as −∞). Keeps the position of each maximum (Int32) for
/// backward.
///
/// input [N, C, H, W] → output [N, C, OH, OW], OH = ⌊(H + 2p − K)/s⌋ + 1.
public final class MaxPool2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public let window: PoolingWindow
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var argmax: [Int32] = []
    private var inputGradient: [Scalar] = []

    /// A kernelSize×kernelSize window; the stride defaults to the kernel size, as in PyTorch.
    public init(name: String, kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.name = name
        window = .square(kernelSize, stride: stride, padding: padding)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try window.outputShape(layer: name, for: inputShape)
    }

    /// input [N, C, H, W] → output [N, C, OH, OW].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        maxPoolForward(try window.geometry(layer: name, for: input.shape), input: input.scalars, output: &output,
                       argmax: &argmax)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C, OH, OW] → inputGradient [N, C, H, W], nonzero only at the maxima.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        maxPoolBackward(try window.geometry(layer: name, for: shapes.input), outputGradient: outputGradient.scalars,
                        argmax: argmax, inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
