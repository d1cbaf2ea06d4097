import Kernels

/// Stochastic gradient descent with optional momentum and L2 weight decay, as `torch.optim.SGD` with
/// dampening 0 and nesterov off:
///
///     d = g + weightDecay·p;   b = momentum·b + d (b₁ = d);   p ← p − learningRate·(momentum ≠ 0 ? b : d)
///
/// Hyperparameters are Doubles, as PyTorch's are Python floats; they are rounded to `Scalar` when applied.
public final class SGD<Scalar: KernelScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    /// α; a `var` so that a schedule can change it between steps.
    public var learningRate: Double
    public let momentum: Double
    public let weightDecay: Double
    /// The momentum buffer b of each parameter (same order and shapes as `parameters`); all zero before the
    /// first step, and empty tensors when `momentum` is 0.
    public private(set) var momentumBuffers: [Tensor<Scalar>]

    /// Throws if `learningRate`, `momentum` or `weightDecay` is negative.
    public init(parameters: [Parameter<Scalar>], learningRate: Double, momentum: Double = 0,
                weightDecay: Double = 0) throws {
        try OptimizerError.check("SGD", "learningRate", learningRate, in: 0..<Double.infinity)
        try OptimizerError.check("SGD", "momentum", momentum, in: 0..<Double.infinity)
        try OptimizerError.check("SGD", "weightDecay", weightDecay, in: 0..<Double.infinity)
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        momentumBuffers = parameters.map { Tensor(shape: momentum == 0 ? [0] : $0.value.shape) }
    }

    public func step() {
        for (index, parameter) in parameters.enumerated() where parameter.requiresGradient {
            sgdUpdate(parameters: &parameter.value.scalars, gradients: parameter.gradient.scalars,
                      momentumBuffer: &momentumBuffers[index].scalars, learningRate: Scalar(learningRate),
                      momentum: Scalar(momentum), weightDecay: Scalar(weightDecay))
        }
    }
}
