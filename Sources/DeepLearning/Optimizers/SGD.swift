/// Stochastic gradient descent with optional momentum and L2 weight decay, as `torch.optim.SGD` with
/// dampening 0 and nesterov off:
///
///     d = g + weightDecay·p;   b = momentum·b + d (b₁ = d);   p ← p − learningRate·(momentum ≠ 0 ? b : d)
///
/// Hyperparameters are Doubles, as PyTorch's are Python floats; they are rounded to `Scalar` when applied.
public final class SGD<Scalar: KernelScalar>: MomentumOptimizer {
    public let store: ParameterStore<Scalar>
    /// α; a `var` so that a schedule can change it between steps.
    public var learningRate: Double
    /// μ; a `var` so that a one-cycle schedule can cycle it. The buffer b is created the first time μ ≠ 0.
    public var momentum: Double {
        didSet { if momentum != 0 && momentumBuffer.isEmpty { momentumBuffer = Array(repeating: 0, count: store.count) } }
    }
    public let weightDecay: Double
    /// The momentum b of every parameter at the store's offsets, zero before the first step; empty while
    /// `momentum` is 0.
    private var momentumBuffer: [Scalar]

    /// Throws if `learningRate`, `momentum` or `weightDecay` is negative.
    public init(_ store: ParameterStore<Scalar>, learningRate: Double, momentum: Double = 0,
                weightDecay: Double = 0) throws {
        try OptimizerError.check("SGD", "learningRate", learningRate, in: 0..<Double.infinity)
        try OptimizerError.check("SGD", "momentum", momentum, in: 0..<Double.infinity)
        try OptimizerError.check("SGD", "weightDecay", weightDecay, in: 0..<Double.infinity)
        self.store = store
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        momentumBuffer = Array(repeating: 0, count: momentum == 0 ? 0 : store.count)
    }

    /// Over loose parameters (gathered into a store of their own, or sharing the one they are in).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double, momentum: Double = 0,
                            weightDecay: Double = 0) throws {
        try self.init(ParameterStore(parameters: parameters), learningRate: learningRate, momentum: momentum,
                      weightDecay: weightDecay)
    }

    /// e.g. `SGD(lr 0.1, momentum 0.9)`, from the optimizer's own fields.
    public var description: String {
        var terms = ["lr \(hyperparameter(learningRate))"]
        if momentum != 0 { terms.append("momentum \(hyperparameter(momentum))") }
        if weightDecay != 0 { terms.append("weight decay \(hyperparameter(weightDecay))") }
        return "SGD(" + terms.joined(separator: ", ") + ")"
    }

    /// The momentum buffer of each store entry, as tensors (a copy; empty tensors when `momentum` is 0).
    public var momentumBuffers: [Tensor<Scalar>] {
        store.entries.map { momentumBuffer.isEmpty ? Tensor(shape: [0]) : Adam.slice(momentumBuffer, $0) }
    }

    public func step() {
        let values = store.values, gradients = store.gradients
        momentumBuffer.withUnsafeMutableBufferPointer { b in
            // One kernel call per run of trainable tensors (usually the whole store).
            store.forEachRun(key: { _, entry in entry.parameter.requiresGradient ? true : nil }) { range, _, _ in
                sgdUpdate(count: range.count, parameters: values.baseAddress! + range.lowerBound,
                          gradients: gradients.baseAddress! + range.lowerBound,
                          momentumBuffer: b.baseAddress.map { $0 + range.lowerBound },
                          learningRate: Scalar(learningRate), momentum: Scalar(momentum),
                          weightDecay: Scalar(weightDecay))
            }
        }
    }
}

extension SGD: StatefulOptimizer {
    /// The momentum buffer b ("momentum_buffer"), absent while `momentum` is 0.
    public var state: OptimizerState<Scalar> {
        OptimizerState(buffers: momentumBuffer.isEmpty ? [:] : ["momentum_buffer": momentumBuffer])
    }

    public func restore(_ state: OptimizerState<Scalar>) throws {
        try state.check(against: self.state, optimizer: description)
        if let buffer = state.buffers["momentum_buffer"] { momentumBuffer = buffer }
    }
}
