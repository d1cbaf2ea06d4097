import Foundation

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
public class Adam<Scalar: KernelScalar>: MomentumOptimizer {
    public let store: ParameterStore<Scalar>
    /// α; a `var` so that a schedule can change it between steps.
    public var learningRate: Double
    /// β₁; a `var` so that a one-cycle schedule can cycle it (as PyTorch's OneCycleLR cycles `betas[0]`).
    public var beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// λ. Adam: added to the gradient as λ·p (L2). AdamW: p ← p·(1 − αλ) before the update (decoupled).
    public let weightDecay: Double
    public let decoupledWeightDecay: Bool
    /// False for the uncorrected update of the article's erratum (see the type's documentation).
    public let biasCorrection: Bool

    /// m_t and v_t of every parameter, at the store's offsets; zero before a parameter's first step.
    private var firstMoment: [Scalar]
    private var secondMoment: [Scalar]
    /// t of each store entry: how many steps updated it (frozen parameters do not count).
    public private(set) var stepCounts: [Int]

    /// Throws unless learningRate ≥ 0, β₁, β₂ ∈ [0, 1), ε ≥ 0 and weightDecay ≥ 0 (PyTorch's checks).
    public init(_ store: ParameterStore<Scalar>, learningRate: Double = 0.001, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0,
                decoupledWeightDecay: Bool = false, biasCorrection: Bool = true) throws {
        let name = decoupledWeightDecay ? "AdamW" : "Adam"
        try OptimizerError.check(name, "learningRate", learningRate, in: 0..<Double.infinity)
        try OptimizerError.check(name, "beta1", beta1, in: 0..<1)
        try OptimizerError.check(name, "beta2", beta2, in: 0..<1)
        try OptimizerError.check(name, "epsilon", epsilon, in: 0..<Double.infinity)
        try OptimizerError.check(name, "weightDecay", weightDecay, in: 0..<Double.infinity)
        self.store = store
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.biasCorrection = biasCorrection
        firstMoment = Array(repeating: 0, count: store.count)
        secondMoment = Array(repeating: 0, count: store.count)
        stepCounts = Array(repeating: 0, count: store.entries.count)
    }

    /// Over loose parameters (gathered into a store of their own, or sharing the one they are in).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 0.001, beta1: Double = 0.9,
                            beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0,
                            decoupledWeightDecay: Bool = false, biasCorrection: Bool = true) throws {
        try self.init(ParameterStore(parameters: parameters), learningRate: learningRate, beta1: beta1, beta2: beta2,
                      epsilon: epsilon, weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay,
                      biasCorrection: biasCorrection)
    }

    /// β₁, under the name schedules use.
    public var momentum: Double {
        get { beta1 }
        set { beta1 = newValue }
    }

    /// e.g. `Adam(lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-8)`, from the optimizer's own fields.
    public var description: String {
        var terms = ["lr \(hyperparameter(learningRate))", "β₁ \(hyperparameter(beta1))", "β₂ \(hyperparameter(beta2))",
                     "ε \(hyperparameter(epsilon))"]
        if weightDecay != 0 { terms.append("weight decay \(hyperparameter(weightDecay))") }
        if !biasCorrection { terms.append("no bias correction") }
        return "\(decoupledWeightDecay ? "AdamW" : "Adam")(" + terms.joined(separator: ", ") + ")"
    }

    // Specialized so that the moment buffers are reached without the boxing that generic code needs (the bench's
    // allocation probe counted one heap block per parameter when it was not).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        let entries = store.entries
        for index in entries.indices where entries[index].parameter.requiresGradient { stepCounts[index] += 1 }
        let values = store.values, gradients = store.gradients
        let (firstWeight, secondWeight) = (Scalar(1 - beta1), Scalar(1 - beta2))
        firstMoment.withUnsafeMutableBufferPointer { m in
        secondMoment.withUnsafeMutableBufferPointer { v in
            // One kernel call per run of trainable tensors with the same t (usually the whole store).
            store.forEachRun(key: { index, entry in entry.parameter.requiresGradient ? stepCounts[index] : nil }) {
                range, t, _ in
                let (firstCorrection, secondCorrection) = biasCorrections(afterSteps: t)
                adamUpdate(
                    count: range.count, parameters: values.baseAddress! + range.lowerBound,
                    gradients: gradients.baseAddress! + range.lowerBound,
                    firstMoment: m.baseAddress! + range.lowerBound, secondMoment: v.baseAddress! + range.lowerBound,
                    firstWeight: firstWeight, beta2: Scalar(beta2), secondWeight: secondWeight,
                    epsilon: Scalar(epsilon),
                    l2WeightDecay: Scalar(decoupledWeightDecay ? 0 : weightDecay),
                    decoupledDecayFactor: Scalar(decoupledWeightDecay ? 1 - learningRate * weightDecay : 1),
                    stepSize: Scalar(learningRate / firstCorrection),
                    biasCorrection2Root: Scalar(secondCorrection.squareRoot()))
            }
        }}
    }

    /// (1 − β₁ᵗ, 1 − β₂ᵗ), or (1, 1) when bias correction is off.
    public func biasCorrections(afterSteps t: Int) -> (first: Double, second: Double) {
        guard biasCorrection else { return (1, 1) }
        return (1 - pow(beta1, Double(t)), 1 - pow(beta2, Double(t)))
    }

    /// m_t of each store entry, as tensors (a copy, for printing and tests).
    public var firstMoments: [Tensor<Scalar>] { store.entries.map { Self.slice(firstMoment, $0) } }
    /// v_t of each store entry, as tensors (a copy).
    public var secondMoments: [Tensor<Scalar>] { store.entries.map { Self.slice(secondMoment, $0) } }

    /// m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ) of the store entry at `index`, for printing (allocates).
    /// Before the parameter's first step both are zero.
    public func biasCorrectedMoments(ofParameterAt index: Int) -> (first: Tensor<Scalar>, second: Tensor<Scalar>) {
        let (m, v) = (firstMoments[index], secondMoments[index])
        let t = stepCounts[index]
        guard t > 0 else { return (m, v) }
        let (firstCorrection, secondCorrection) = biasCorrections(afterSteps: t)
        return (Tensor(shape: m.shape, scalars: adamBiasCorrected(m.scalars, by: Scalar(firstCorrection))),
                Tensor(shape: v.shape, scalars: adamBiasCorrected(v.scalars, by: Scalar(secondCorrection))))
    }

    static func slice(_ buffer: [Scalar], _ entry: ParameterStore<Scalar>.Entry) -> Tensor<Scalar> {
        Tensor(shape: entry.parameter.shape, scalars: Array(buffer[entry.range]))
    }
}

extension Adam: StatefulOptimizer {
    /// m ("exp_avg"), v ("exp_avg_sq") and each parameter's t ("step").
    public var state: OptimizerState<Scalar> {
        OptimizerState(buffers: ["exp_avg": firstMoment, "exp_avg_sq": secondMoment], counters: ["step": stepCounts])
    }

    public func restore(_ state: OptimizerState<Scalar>) throws {
        try state.check(against: self.state, optimizer: description)
        firstMoment = state.buffers["exp_avg"]!
        secondMoment = state.buffers["exp_avg_sq"]!
        stepCounts = state.counters["step"]!
    }
}
