/// Layer normalisation over the last axis (PyTorch's nn.LayerNorm(channels): eps 1e-5, elementwise affine).
///
/// input [..., C] → output [..., C]; every row of C values (a token) normalised on its own by its mean and biased
/// variance, y = γ·(x − μ)/√(σ² + ε) + β. Parameters `weight` (γ, ones) and `bias` (β, zeros), [C]. No running
/// statistics: training and evaluation compute the same thing.
public final class LayerNorm<Scalar: KernelScalar>: Layer {
    public let name: String
    public let channels: Int
    public let epsilon: Scalar
    /// γ, `weight` [C].
    public let weight: Parameter<Scalar>
    /// β, `bias` [C].
    public let bias: Parameter<Scalar>
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var saved = LayerNormSaved<Scalar>()
    /// A copy of the last input [rows, C]: backward recomputes x̂ from it and the saved mean and rstd.
    private var savedInput: [Scalar] = []
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, channels: Int, epsilon: Scalar = 1e-5) {
        self.name = name
        self.channels = channels
        self.epsilon = epsilon
        weight = Parameter(name: "weight", value: Tensor(shape: [channels], repeating: 1))
        bias = Parameter(name: "bias", value: Tensor(shape: [channels], repeating: 0))
    }

    public var ownParameters: [Parameter<Scalar>] { [weight, bias] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2 && inputShape.last == channels else {
            throw ShapeError(layer: name, problem: "expected input …×\(channels), got " + inputShape.shapeDescription,
                             inputShape: inputShape)
        }
        return inputShape
    }

    /// input [..., C] → output [..., C].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        copy(input.scalars, into: &savedInput)
        layerNormForward(input: input.scalars, rows: input.count / channels, channels: channels,
                         weight: weight.values.baseAddress!, bias: bias.values.baseAddress!, epsilon: epsilon,
                         saved: &saved, output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [..., C] → inputGradient [..., C]; adds dγ and dβ [C] (unless frozen).
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        layerNormBackward(outputGradient: outputGradient.scalars, input: savedInput, rows: savedInput.count / channels,
                          channels: channels, weight: weight.values.baseAddress!, saved: saved,
                          weightGradient: weight.gradientTarget, biasGradient: bias.gradientTarget,
                          computeInputGradient: needsInputGradient, inputGradient: &inputGradient)
        return inputGradientTensor(inputGradient, shape: shapes.input)
    }
}
