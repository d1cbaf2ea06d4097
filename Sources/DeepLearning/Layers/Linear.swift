/// y = x·Wᵀ + b (PyTorch's nn.Linear), applied to the last axis.
///
/// input [N, inputFeatures] or [B, T, inputFeatures] (any leading axes: a Transformer's tokens, each row on its
/// own); weight [outputFeatures, inputFeatures]; bias [outputFeatures]; output [..., outputFeatures]. The leading
/// axes are one batch of rows to the kernels.
public final class Linear<Scalar: KernelScalar>: Layer {
    public let name: String
    public let inputFeatures: Int
    public let outputFeatures: Int
    /// `weight`, [outputFeatures, inputFeatures].
    public let weight: Parameter<Scalar>
    /// `bias`, [outputFeatures], or nil for a layer built with `bias: false`.
    public let bias: Parameter<Scalar>?
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    /// A copy of the last input [rows, inputFeatures]: the weight gradient needs it.
    private var savedInput: [Scalar] = []
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    /// A layer initialised as PyTorch does (see `Initialization`): weight then bias from `generator`.
    public init(name: String, inputFeatures: Int, outputFeatures: Int, bias: Bool = true,
                generator: inout RandomGenerator) {
        self.name = name
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        weight = Initialization.uniformParameter("weight", shape: [outputFeatures, inputFeatures],
                                                 fanIn: inputFeatures, generator: &generator)
        self.bias = bias ? Initialization.uniformParameter("bias", shape: [outputFeatures], fanIn: inputFeatures,
                                                           generator: &generator) : nil
    }

    /// A layer that uses `weight` [outputFeatures, inputFeatures], which another layer may hold too (tied weights,
    /// PyTorch's `b.weight = a.weight`): it is stored and counted once and both add their gradients into it.
    public init(name: String, sharing weight: Parameter<Scalar>, bias: Bool = true, generator: inout RandomGenerator) {
        precondition(weight.shape.count == 2, "\(name): a shared Linear weight must be [out, in], got \(weight.shape)")
        self.name = name
        (outputFeatures, inputFeatures) = (weight.shape[0], weight.shape[1])
        self.weight = weight
        self.bias = bias ? Initialization.uniformParameter("bias", shape: [outputFeatures], fanIn: inputFeatures,
                                                           generator: &generator) : nil
    }

    public var ownParameters: [Parameter<Scalar>] { [weight] + (bias.map { [$0] } ?? []) }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2 else {
            throw ShapeError(layer: name, problem: "expected input N×\(inputFeatures), got rank \(inputShape.count)",
                             inputShape: inputShape)
        }
        guard inputShape.last == inputFeatures else {
            throw ShapeError(layer: name, problem: "expected \(inputFeatures) input features, got \(inputShape.last!)",
                             inputShape: inputShape)
        }
        return inputShape.dropLast() + [outputFeatures]
    }

    public func forwardFlops(for inputShape: [Int]) -> Int {
        2 * inputShape.dropLast().reduce(1, *) * inputFeatures * outputFeatures
    }

    /// The rows the kernels see: the product of the leading axes (N, or B·T).
    private func rows(_ shape: [Int]) -> Int { shape.dropLast().reduce(1, *) }

    /// input [..., in] → output [..., out] = input·weightᵀ (+ bias).
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let outputShape = try shapes.outputShape(for: input.shape, of: self)
        copy(input.scalars, into: &savedInput)
        linearForward(input: input.scalars, batch: rows(input.shape), inputFeatures: inputFeatures,
                      outputFeatures: outputFeatures, weight: weight.values.baseAddress!,
                      bias: bias?.values.baseAddress, output: &output)
        return Tensor(shape: outputShape, scalars: output)
    }

    /// outputGradient dY [..., out]. Adds dW = dYᵀ·X [out, in] and db = Σ_rows dY [out] (unless frozen); returns
    /// dX = dY·W [..., in].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        linearBackward(outputGradient: outputGradient.scalars, input: savedInput, batch: rows(outputGradient.shape),
                       inputFeatures: inputFeatures, outputFeatures: outputFeatures, weight: weight.values.baseAddress!,
                       weightGradient: weight.gradientTarget, biasGradient: bias?.gradientTarget,
                       computeInputGradient: needsInputGradient, inputGradient: &inputGradient)
        return inputGradientTensor(inputGradient, shape: shapes.input)
    }
}
