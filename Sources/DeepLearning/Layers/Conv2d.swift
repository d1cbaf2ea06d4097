/// A 2-D convolution (PyTorch's nn.Conv2d, square kernel, one stride and one padding for both axes).
///
/// input [N, C, H, W]; weight [OC, C, K, K]; bias [OC]; output [N, OC, OH, OW] with OH = ⌊(H + 2p − K)/s⌋ + 1.
/// Computed as im2col + one GEMM per group of images (see `convolutionForward`), except a 3×3 window at stride 1
/// with padding 1 and few channels in Float, which the direct kernel computes from the padded image (see
/// `directConvolutionForward` and `WindowGeometry.suitsDirectConvolution`). The layer keeps a copy of its last
/// input for backward, which makes the columns again group by group: a ninth of what keeping a 3×3 layer's columns
/// would take, and a copy rather than a reference, so that the layer before can write its buffer in the next step
/// without a copy-on-write.
public final class Conv2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    /// `weight`, [OC, C, K, K].
    public let weight: Parameter<Scalar>
    /// `bias`, [OC], or nil for a layer built with `bias: false` (e.g. before BatchNorm).
    public let bias: Parameter<Scalar>?
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var workspace = ConvolutionWorkspace<Scalar>()
    private var directWorkspace = DirectConvolutionWorkspace()
    /// The last forward input [N, C, H, W].
    private var savedInput: [Scalar] = []
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    /// A layer initialised as PyTorch does (see `Initialization`): weight then bias from `generator`.
    public init(name: String, inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
                padding: Int = 0, bias: Bool = true, generator: inout RandomGenerator) {
        precondition(kernelSize > 0 && stride > 0 && padding >= 0, "\(name): kernel, stride and padding must be positive")
        self.name = name
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        let fanIn = inputChannels * kernelSize * kernelSize
        weight = Initialization.uniformParameter("weight", shape: [outputChannels, inputChannels, kernelSize, kernelSize],
                                                 fanIn: fanIn, generator: &generator)
        self.bias = bias ? Initialization.uniformParameter("bias", shape: [outputChannels], fanIn: fanIn,
                                                           generator: &generator) : nil
    }

    public var ownParameters: [Parameter<Scalar>] { [weight] + (bias.map { [$0] } ?? []) }

    /// The window geometry for an input shape [N, C, H, W], or a `ShapeError`.
    func geometry(for inputShape: [Int]) throws -> WindowGeometry {
        guard inputShape.count == 4 else {
            throw ShapeError(layer: name, problem: "expected input N×\(inputChannels)×H×W, got rank \(inputShape.count)",
                             inputShape: inputShape)
        }
        guard inputShape[1] == inputChannels else {
            throw ShapeError(layer: name, problem: "expected \(inputChannels) input channels, got \(inputShape[1])",
                             inputShape: inputShape)
        }
        let g = WindowGeometry(batch: inputShape[0], channels: inputChannels, height: inputShape[2], width: inputShape[3],
                               kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride, padding: padding)
        guard g.isValid else {
            throw ShapeError(layer: name, problem: "a \(inputShape[2])×\(inputShape[3]) image is smaller than the "
                             + "\(kernelSize)×\(kernelSize) kernel with padding \(padding)", inputShape: inputShape)
        }
        return g
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [g.batch, outputChannels, g.outputHeight, g.outputWidth]
    }

    public func forwardFlops(for inputShape: [Int]) -> Int {
        guard let g = try? geometry(for: inputShape) else { return 0 }
        return 2 * outputChannels * g.patchSize * g.patchCount
    }

    /// input [N, C, H, W] → output [N, OC, OH, OW].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let outputShape = try shapes.outputShape(for: input.shape, of: self)
        let g = try geometry(for: input.shape)
        if g.suitsDirectConvolution(outputChannels: outputChannels, scalar: Scalar.self) {
            directConvolutionForward(g, outputChannels: outputChannels, input: input.scalars,
                                     weight: weight.values.baseAddress!, bias: bias?.values.baseAddress,
                                     workspace: &directWorkspace, output: &output)
        } else {
            convolutionForward(g, outputChannels: outputChannels, input: input.scalars, weight: weight.values.baseAddress!,
                               bias: bias?.values.baseAddress, workspace: &workspace, output: &output)
        }
        copy(input.scalars, into: &savedInput)
        return Tensor(shape: outputShape, scalars: output)
    }

    /// outputGradient [N, OC, OH, OW]. Adds dW [OC, C, K, K] and db [OC] (unless frozen); returns dX [N, C, H, W].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        let g = try geometry(for: shapes.input)
        if g.suitsDirectConvolution(outputChannels: outputChannels, scalar: Scalar.self) {
            directConvolutionBackward(g, outputChannels: outputChannels, input: savedInput,
                                      outputGradient: outputGradient.scalars, weight: weight.values.baseAddress!,
                                      workspace: &directWorkspace, weightGradient: weight.gradientTarget,
                                      biasGradient: bias?.gradientTarget, computeInputGradient: needsInputGradient,
                                      inputGradient: &inputGradient)
        } else {
            convolutionBackward(g, outputChannels: outputChannels, input: savedInput, outputGradient: outputGradient.scalars,
                                weight: weight.values.baseAddress!, workspace: &workspace,
                                weightGradient: weight.gradientTarget, biasGradient: bias?.gradientTarget,
                                computeInputGradient: needsInputGradient, inputGradient: &inputGradient)
        }
        return inputGradientTensor(inputGradient, shape: shapes.input)
    }
}
