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
        let batch = input.shape[0]
        copy(input.scalars, into: &savedInput)
        ensureCount(&output, batch * outputFeatures)
        gemm(transposeB: true, m: batch, n: outputFeatures, k: inputFeatures, input.scalars, weight.value.scalars,
             into: &output)
        if let bias { addRowBias(bias.value.scalars, to: &output) }
        return Tensor(shape: outputShape, scalars: output)
    }

    /// outputGradient dY [N, out]. Adds dW = dYᵀ·X [out, in] and db = Σ_n dY [out]; returns dX = dY·W [N, in].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        let batch = outputGradient.shape[0]
        if weight.requiresGradient {
            gemm(transposeA: true, m: outputFeatures, n: inputFeatures, k: batch, outputGradient.scalars, savedInput,
                 beta: 1, into: &weight.gradient.scalars)
        }
        if let bias, bias.requiresGradient {
            accumulateChannelSums(outputGradient.scalars, channels: outputFeatures, batch: batch, plane: 1,
                                  into: &bias.gradient.scalars)
        }
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        ensureCount(&inputGradient, batch * inputFeatures)
        gemm(m: batch, n: inputFeatures, k: outputFeatures, outputGradient.scalars, weight.value.scalars,
             into: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
