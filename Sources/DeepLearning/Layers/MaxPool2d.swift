import Kernels

/// Max pooling over square windows (PyTorch's nn.MaxPool2d; stride defaults to the kernel size; padding counts
/// as −∞). Keeps the position of each maximum (Int32) for backward.
///
/// input [N, C, H, W] → output [N, C, OH, OW], OH = ⌊(H + 2p − K)/s⌋ + 1.
public final class MaxPool2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var argmax: [Int32] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.name = name
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try poolingGeometry(layer: name, inputShape: inputShape, kernelHeight: kernelSize,
                                    kernelWidth: kernelSize, stride: stride, padding: padding)
        return [g.batch, g.channels, g.outputHeight, g.outputWidth]
    }

    /// input [N, C, H, W] → output [N, C, OH, OW].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        let g = try poolingGeometry(layer: name, inputShape: input.shape, kernelHeight: kernelSize,
                                    kernelWidth: kernelSize, stride: stride, padding: padding)
        maxPoolForward(g, input: input.scalars, output: &output, argmax: &argmax)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C, OH, OW] → inputGradient [N, C, H, W], nonzero only at the maxima.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        let g = try poolingGeometry(layer: name, inputShape: shapes.input, kernelHeight: kernelSize,
                                    kernelWidth: kernelSize, stride: stride, padding: padding)
        maxPoolBackward(g, outputGradient: outputGradient.scalars, argmax: argmax, inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}

/// The window geometry of a pooling layer on an input [N, C, H, W], or a `ShapeError` naming the layer. PyTorch's
/// rule applies: the padding is at most half the kernel.
func poolingGeometry(layer: String, inputShape: [Int], kernelHeight: Int, kernelWidth: Int, stride: Int,
                     padding: Int) throws -> WindowGeometry {
    guard inputShape.count == 4 else {
        throw ShapeError(layer: layer, problem: "expected input N×C×H×W, got rank \(inputShape.count)",
                         inputShape: inputShape)
    }
    let g = WindowGeometry(batch: inputShape[0], channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                           kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    guard g.isValid && 2 * padding <= min(kernelHeight, kernelWidth) else {
        throw ShapeError(layer: layer, problem: "a \(inputShape[2])×\(inputShape[3]) image does not fit a "
                         + "\(kernelHeight)×\(kernelWidth) window with stride \(stride) and padding \(padding)",
                         inputShape: inputShape)
    }
    return g
}
