/// Adam with decoupled weight decay (Loshchilov & Hutter), as `torch.optim.AdamW`: before each Adam update the
/// weights shrink, p ← p·(1 − α·λ), instead of λ·p being added to the gradient (where Adam's adaptive scaling
/// would divide it away). PyTorch's default λ is 0.01, and so is this one's.
public final class AdamW<Scalar: KernelScalar>: Adam<Scalar> {
    public init(_ store: ParameterStore<Scalar>, learningRate: Double = 0.001, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01,
                biasCorrection: Bool = true) throws {
        try super.init(store, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       weightDecay: weightDecay, decoupledWeightDecay: true, biasCorrection: biasCorrection)
    }

    /// Over loose parameters (gathered into a store of their own, or sharing the one they are in).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 0.001, beta1: Double = 0.9,
                            beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01,
                            biasCorrection: Bool = true) throws {
        try self.init(ParameterStore(parameters: parameters), learningRate: learningRate, beta1: beta1,
                      beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, biasCorrection: biasCorrection)
    }
}
