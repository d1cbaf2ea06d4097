import Kernels

/// y = x·Wᵀ + b (PyTorch's nn.Linear).
///
/// input [N, inputFeatures]; weight [outputFeatures, inputFeatures]; bias [outputFeatures]; output [N, outputFeatures].
public final class Linear<Scalar: KernelScalar>: Layer {
    public let name: String
    public let inputFeatures: Int
    public let outputFeatures: Int
    /// `<name>.weight`, [outputFeatures, inputFeatures].
    public let weight: Parameter<Scalar>
    /// `<name>.bias`, [outputFeatures], or nil for a layer built with `bias: false`.
    public let bias: Parameter<Scalar>?
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    /// A copy of the last input [N, inputFeatures]: the weight gradient needs it.
    private var savedInput: [Scalar] = []
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []
    private let noBias: [Scalar] = []

    /// A layer initialised as PyTorch does (see `Initialization`): weight then bias from `generator`.
    public init(name: String, inputFeatures: Int, outputFeatures: Int, bias: Bool = true,
                generator: inout RandomGenerator) {
        self.name = name
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        let bound = Initialization.defaultBound(fanIn: inputFeatures)
        weight = Parameter(name: "\(name).weight", value: Tensor(
            shape: [outputFeatures, inputFeatures],
            scalars: Initialization.uniform(count: outputFeatures * inputFeatures, bound: bound, generator: &generator)))
        self.bias = bias ? Parameter(name: "\(name).bias", value: Tensor(
            shape: [outputFeatures],
            scalars: Initialization.uniform(count: outputFeatures, bound: bound, generator: &generator))) : nil
    }

    public var parameters: [Parameter<Scalar>] { [weight] + (bias.map { [$0] } ?? []) }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 2 else {
            throw ShapeError(layer: name, problem: "expected input N×\(inputFeatures), got rank \(inputShape.count)",
                             inputShape: inputShape)
        }
        guard inputShape[1] == inputFeatures else {
            throw ShapeError(layer: name, problem: "expected \(inputFeatures) input features, got \(inputShape[1])",
                             inputShape: inputShape)
        }
        return [inputShape[0], outputFeatures]
    }

    public func forwardFlops(for inputShape: [Int]) -> Int { 2 * (inputShape.first ?? 0) * inputFeatures * outputFeatures }

    /// input [N, in] → output [N, out] = input·weightᵀ (+ bias).
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let outputShape = try shapes.outputShape(for: input.shape, of: self)
        copy(input.scalars, into: &savedInput)
        linearForward(input: input.scalars, batch: input.shape[0], inputFeatures: inputFeatures,
                      outputFeatures: outputFeatures, weight: weight.value.scalars,
                      bias: bias?.value.scalars ?? noBias, output: &output)
        return Tensor(shape: outputShape, scalars: output)
    }

    /// outputGradient dY [N, out]. Adds dW = dYᵀ·X [out, in] and db = Σ_n dY [out]; returns dX = dY·W [N, in].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        var gradients: GradientSelection = []
        if weight.requiresGradient { gradients.insert(.weight) }
        if let bias, bias.requiresGradient { gradients.insert(.bias) }
        if needsInputGradient { gradients.insert(.input) }
        func run(biasGradient: inout [Scalar]) {
            linearBackward(outputGradient: outputGradient.scalars, input: savedInput, batch: outputGradient.shape[0],
                           inputFeatures: inputFeatures, outputFeatures: outputFeatures, weight: weight.value.scalars,
                           computing: gradients, weightGradient: &weight.gradient.scalars,
                           biasGradient: &biasGradient, inputGradient: &inputGradient)
        }
        var noBiasGradient: [Scalar] = []
        if let bias { run(biasGradient: &bias.gradient.scalars) } else { run(biasGradient: &noBiasGradient) }
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
