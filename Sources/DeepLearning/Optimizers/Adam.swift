import Foundation
import Kernels

/// Adam (Kingma & Ba), exactly as `torch.optim.Adam` computes it, with two switches for teaching.
///
/// For each parameter p with gradient g, at its t-th step (t counts from 1):
///
///     g ← g + weightDecay·p                          (L2 weight decay, Adam only; AdamW decays p instead)
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     m̂ = m / (1 − β₁ᵗ),       v̂ = v / (1 − β₂ᵗ)
///     p ← p − α · m̂ / (√v̂ + ε)
///
/// Where ε goes matters: PyTorch adds it after the square root of the bias-corrected v̂, i.e. the denominator is
/// √v / √(1 − β₂ᵗ) + ε, and it folds the first correction into the step size, p ← p − (α/(1 − β₁ᵗ))·m / denom.
/// This class does the same operations in the same order (see `adamUpdate` in Kernels), so a Double run matches
/// float64 PyTorch to a few rounding errors; ε inside the root, or √(v + ε), or ε before the correction would
/// each give different numbers, and the fixture tests would catch them.
///
/// `biasCorrection: false` skips m̂ and v̂: p ← p − α·m / (√v + ε), the update the article's §4.2 writes by
/// mistake (with ε = 0 it is literally m₁/√v₁); its first step is α(1 − β₁)/√(1 − β₂) ≈ 3.16α, not α.
///
/// Hyperparameters are Doubles, as PyTorch's are Python floats, and the per-step scalars (1 − β₁ᵗ, √(1 − β₂ᵗ),
/// α/(1 − β₁ᵗ)) are computed in Double and then rounded to `Scalar`, as PyTorch does for float32 tensors.
public class Adam<Scalar: KernelScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    /// α; a `var` so that a schedule can change it between steps.
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// λ. Adam: added to the gradient as λ·p (L2). AdamW: p ← p·(1 − αλ) before the update (decoupled).
    public let weightDecay: Double
    public let decoupledWeightDecay: Bool
    /// False for the uncorrected update of the article's erratum (see the type's documentation).
    public let biasCorrection: Bool

    /// m_t of each parameter (same order and shapes as `parameters`), zero before its first step.
    public private(set) var firstMoments: [Tensor<Scalar>]
    /// v_t of each parameter, zero before its first step.
    public private(set) var secondMoments: [Tensor<Scalar>]
    /// t of each parameter: how many steps updated it (frozen parameters do not count).
    public private(set) var stepCounts: [Int]

    /// Throws unless learningRate ≥ 0, β₁, β₂ ∈ [0, 1), ε ≥ 0 and weightDecay ≥ 0 (PyTorch's checks).
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 0.001, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0,
                decoupledWeightDecay: Bool = false, biasCorrection: Bool = true) throws {
        let name = decoupledWeightDecay ? "AdamW" : "Adam"
        try OptimizerError.check(name, "learningRate", learningRate, in: 0..<Double.infinity)
        try OptimizerError.check(name, "beta1", beta1, in: 0..<1)
        try OptimizerError.check(name, "beta2", beta2, in: 0..<1)
        try OptimizerError.check(name, "epsilon", epsilon, in: 0..<Double.infinity)
        try OptimizerError.check(name, "weightDecay", weightDecay, in: 0..<Double.infinity)
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.biasCorrection = biasCorrection
        firstMoments = parameters.map { Tensor(shape: $0.value.shape) }
        secondMoments = parameters.map { Tensor(shape: $0.value.shape) }
        stepCounts = Array(repeating: 0, count: parameters.count)
    }

    // Specialized so that the moment buffers are reached without the boxing that generic code needs for a
    // `Tensor<Scalar>` of unknown layout (the bench's allocation probe counted one heap block per parameter).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        for (index, parameter) in parameters.enumerated() where parameter.requiresGradient {
            stepCounts[index] += 1
            let (firstCorrection, secondCorrection) = biasCorrections(afterSteps: stepCounts[index])
            adamUpdate(
                parameters: &parameter.value.scalars, gradients: parameter.gradient.scalars,
                firstMoment: &firstMoments[index].scalars, secondMoment: &secondMoments[index].scalars,
                firstWeight: Scalar(1 - beta1), beta2: Scalar(beta2), secondWeight: Scalar(1 - beta2),
                epsilon: Scalar(epsilon),
                l2WeightDecay: Scalar(decoupledWeightDecay ? 0 : weightDecay),
                decoupledDecayFactor: Scalar(decoupledWeightDecay ? 1 - learningRate * weightDecay : 1),
                stepSize: Scalar(learningRate / firstCorrection),
                biasCorrection2Root: Scalar(secondCorrection.squareRoot()))
        }
    }

    /// (1 − β₁ᵗ, 1 − β₂ᵗ), or (1, 1) when bias correction is off.
    public func biasCorrections(afterSteps t: Int) -> (first: Double, second: Double) {
        guard biasCorrection else { return (1, 1) }
        return (1 - pow(beta1, Double(t)), 1 - pow(beta2, Double(t)))
    }

    /// m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ) of the parameter at `index`, for printing (allocates).
    /// Before the parameter's first step both are zero.
    public func biasCorrectedMoments(ofParameterAt index: Int) -> (first: Tensor<Scalar>, second: Tensor<Scalar>) {
        let t = stepCounts[index]
        guard t > 0 else { return (firstMoments[index], secondMoments[index]) }
        let (firstCorrection, secondCorrection) = biasCorrections(afterSteps: t)
        return (Tensor(shape: firstMoments[index].shape,
                       scalars: adamBiasCorrected(firstMoments[index].scalars, by: Scalar(firstCorrection))),
                Tensor(shape: secondMoments[index].shape,
                       scalars: adamBiasCorrected(secondMoments[index].scalars, by: Scalar(secondCorrection))))
    }
}
