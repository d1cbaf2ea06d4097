import Kernels

/// The mean of each channel's plane (PyTorch's nn.AdaptiveAvgPool2d(1), as ResNet uses before its classifier).
///
/// input [N, C, H, W] → output [N, C, 1, 1]: average pooling with an H×W window.
public final class GlobalAvgPool2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String) { self.name = name }

    func geometry(for inputShape: [Int]) throws -> WindowGeometry {
        guard inputShape.count == 4 else {
            throw ShapeError(layer: name, problem: "expected input N×C×H×W, got rank \(inputShape.count)",
                             inputShape: inputShape)
        }
        return try poolingGeometry(layer: name, inputShape: inputShape, kernelHeight: inputShape[2],
                                   kernelWidth: inputShape[3], stride: 1, padding: 0)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [g.batch, g.channels, 1, 1]
    }

    /// input [N, C, H, W] → output [N, C, 1, 1].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        averagePoolForward(try geometry(for: input.shape), input: input.scalars, output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C, 1, 1] → inputGradient [N, C, H, W], each pixel receiving 1/(H·W) of its channel's gradient.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        averagePoolBackward(try geometry(for: shapes.input), outputGradient: outputGradient.scalars,
                            inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
