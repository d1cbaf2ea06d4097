/// The place in a mixed-precision model where a layer's output is stored in a 16-bit format (Micikevicius et al.
/// 2018): forward rounds the activations to `format`, backward rounds ∂L/∂activation to it, after multiplying it
/// by the loss scale when this is the boundary the loss gradient enters (the model's last).
///
/// Put one after each layer that computes new values (convolutions, linear layers) and one before the first: the
/// layers between (ReLU, max pooling, flatten) only select or move values, so their outputs and gradients are
/// already representable. The layers themselves compute in Float on these values, as a 16-bit GEMM accumulating
/// in FP32 does (a product of two 16-bit values is exact in Float); their outputs are rounded here.
///
/// Rounding is not differentiable; as autocast's casts, backward treats it as the identity and rounds the gradient
/// (`format` FP32 with no scale is the identity layer, which the central-difference check verifies).
public final class PrecisionBoundary<Scalar: KernelScalar>: Layer {
    public let name: String
    public var isTraining = true
    public var needsInputGradient = true
    public let format: NumberFormat
    /// The loss scale S the gradient is multiplied by on its way back (nil: 1). Shared with the loss scaler, which
    /// changes it between steps.
    public let gradientScale: GradientScale?
    /// Told every incoming ∂L/∂activation before it is scaled and rounded (a census of gradient magnitudes).
    public var gradientObserver: ((UnsafeBufferPointer<Scalar>) -> Void)?

    private var shapes = ShapeMemo()
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, format: NumberFormat, gradientScale: GradientScale? = nil) {
        self.name = name
        self.format = format
        self.gradientScale = gradientScale
    }

    public var typeName: String { "PrecisionBoundary(\(format.label))" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    /// input [any] → output [same], each value rounded to `format`.
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        if format == .float32 { return input }
        ensureCount(&output, input.count)
        input.scalars.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { format.round(x, scaledBy: 1, into: $0) }
        }
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [same] → inputGradient [same]: round(S · ∂L/∂output).
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        // A model's first boundary rounds its input, which is data: nothing reads its gradient, and the layer
        // after it may skip computing one (it is then not checked: it is empty).
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        try shapes.checkGradient(outputGradient.shape, of: self)
        if let gradientObserver { outputGradient.scalars.withUnsafeBufferPointer(gradientObserver) }
        let scale = Scalar(gradientScale?.value ?? 1)
        if format == .float32 && scale == 1 { return Tensor(shape: shapes.input, scalars: outputGradient.scalars) }
        ensureCount(&inputGradient, outputGradient.count)
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { format.round(dy, scaledBy: scale, into: $0) }
        }
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}

/// The loss scale S of a mixed-precision step, in one place that the model's last `PrecisionBoundary` reads and a
/// loss scaler writes.
public final class GradientScale: @unchecked Sendable {
    public var value: Float
    public init(_ value: Float = 1) { self.value = value }
}
