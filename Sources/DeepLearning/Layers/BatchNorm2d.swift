/// Batch normalisation per channel (PyTorch's nn.BatchNorm2d: momentum 0.1, eps 1e-5, affine, running statistics).
///
/// input [N, C, H, W] → output [N, C, H, W], y = γ·(x − μ)/√(σ² + ε) + β. Training uses the batch's mean and biased
/// variance and moves the running estimates (with the unbiased variance, as PyTorch); evaluation uses the running
/// estimates. Parameters `weight` (γ, ones) and `bias` (β, zeros); buffers `running_mean`
/// (zeros), `running_var` (ones) and `num_batches_tracked` (a whole number of shape [], which PyTorch
/// stores as int64).
public final class BatchNorm2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public let channels: Int
    public let momentum: Scalar
    public let epsilon: Scalar
    /// γ, `weight` [C].
    public let weight: Parameter<Scalar>
    /// β, `bias` [C].
    public let bias: Parameter<Scalar>
    /// `running_mean` [C].
    public let runningMean: Parameter<Scalar>
    /// `running_var` [C].
    public let runningVariance: Parameter<Scalar>
    /// `num_batches_tracked` [], how many training batches moved the running estimates.
    public let batchesTracked: Parameter<Scalar>
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var saved = BatchNormSaved<Scalar>()
    private var usedBatchStatistics = true
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, channels: Int, momentum: Scalar = 0.1, epsilon: Scalar = 1e-5) {
        self.name = name
        self.channels = channels
        self.momentum = momentum
        self.epsilon = epsilon
        weight = Parameter(name: "weight", value: Tensor(shape: [channels], repeating: 1))
        bias = Parameter(name: "bias", value: Tensor(shape: [channels], repeating: 0))
        runningMean = Parameter(name: "running_mean", value: Tensor(shape: [channels], repeating: 0),
                                requiresGradient: false)
        runningVariance = Parameter(name: "running_var", value: Tensor(shape: [channels], repeating: 1),
                                    requiresGradient: false)
        batchesTracked = Parameter(name: "num_batches_tracked", value: Tensor(shape: [], repeating: 0),
                                   requiresGradient: false)
    }

    public var ownParameters: [Parameter<Scalar>] { [weight, bias] }
    public var ownBuffers: [Parameter<Scalar>] { [runningMean, runningVariance, batchesTracked] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 4 && inputShape[1] == channels else {
            throw ShapeError(layer: name, problem: "expected input N×\(channels)×H×W, got "
                             + inputShape.shapeDescription, inputShape: inputShape)
        }
        return inputShape
    }

    /// input [N, C, H, W] → output [N, C, H, W].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        let plane = shape[2] * shape[3]
        if isTraining && shape[0] * plane < 2 {
            throw ShapeError(layer: name, problem: "expected more than 1 value per channel when training, got "
                             + "\(shape[0] * plane)", inputShape: input.shape)
        }
        usedBatchStatistics = isTraining
        batchNormForward(input: input.scalars, batch: shape[0], channels: channels, plane: plane,
                         gamma: weight.values.baseAddress!, beta: bias.values.baseAddress!,
                         runningMean: runningMean.values.baseAddress!, runningVariance: runningVariance.values.baseAddress!,
                         momentum: momentum, epsilon: epsilon, useBatchStatistics: isTraining, saved: &saved,
                         output: &output)
        if isTraining { batchesTracked.values[0] += 1 }
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C, H, W] → inputGradient [N, C, H, W]; adds dγ and dβ [C].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        let shape = shapes.input
        batchNormBackward(outputGradient: outputGradient.scalars, batch: shape[0], channels: channels,
                          plane: shape[2] * shape[3], gamma: weight.values.baseAddress!, saved: saved,
                          useBatchStatistics: usedBatchStatistics, gammaGradient: weight.gradientTarget,
                          betaGradient: bias.gradientTarget, inputGradient: &inputGradient)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        return Tensor(shape: shape, scalars: inputGradient)
    }
}
