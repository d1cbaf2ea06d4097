
/// Cross-entropy between logits and class indices, mean over the batch, as PyTorch's `nn.CrossEntropyLoss()`:
/// L = (1/N) Σₙ −log softmax(zₙ)[tₙ]; with `labelSmoothing` ε as `nn.CrossEntropyLoss(label_smoothing=ε)`: the
/// target is the distribution q = (1 − ε)·onehot(t) + ε/C (Szegedy et al. 2016), L = (1/N) Σₙ Σ_c −q_c log softmax(zₙ)_c;
/// with class weights w as `nn.CrossEntropyLoss(weight=w)`: sample n counts w[tₙ] times and the mean divides by
/// Σₙ w[tₙ] instead of N, so a weighted loss is a weighted average and the weights' scale does not matter (with
/// both, the smoothing part weighs each class c by w[c]: `crossEntropyLossAndGradient` has the formula).
///
/// Takes logits (not probabilities): the log-softmax is computed inside, stably (each row shifted by its maximum),
/// so logits of any size give a finite loss. Shapes: logits N×C, targets N class indices in 0..<C; the gradient is
/// N×C, (softmax(z) − q) / N.
///
///     let lossFunction = CrossEntropyLoss<Float>()
///     let result = try lossFunction(logits, targets: labels)   // result.value, result.gradient
///     let balanced = CrossEntropyLoss<Float>(weight: [1, 1, 50])  // class 2 is 50 times rarer
public final class CrossEntropyLoss<Scalar: KernelScalar> {
    private var buffer = LossGradientBuffer<Scalar>()

    /// ε in [0, 1]: the probability mass spread evenly over all C classes (0: the plain cross-entropy).
    public let labelSmoothing: Double

    /// PyTorch's `weight=`: one non-negative weight per class (nil: every class weighs 1).
    public let weight: [Scalar]?

    /// Traps on ε outside [0, 1] (PyTorch raises) and on a negative or non-finite weight: options that let a user
    /// choose them check first.
    public init(weight: [Scalar]? = nil, labelSmoothing: Double = 0) {
        precondition((0...1).contains(labelSmoothing), "CrossEntropyLoss: label smoothing \(labelSmoothing) not in [0, 1]")
        precondition(weight?.allSatisfy { $0 >= 0 && $0.isFinite } ?? true, "CrossEntropyLoss: weights must be finite and ≥ 0")
        self.weight = weight
        self.labelSmoothing = labelSmoothing
    }

    /// The mean cross-entropy of `logits` (N×C) against `targets` (N class indices) and d(loss)/d(logits).
    /// Throws if the logits are not N×C with N, C ≥ 1, if there are not N targets, if a target is outside 0..<C,
    /// or if there are weights but not C of them.
    public func callAsFunction(_ logits: Tensor<Scalar>, targets: [Int]) throws -> LossResult<Scalar> {
        guard logits.rank == 2, logits.shape[0] == targets.count, logits.shape[0] > 0, logits.shape[1] > 0 else {
            throw LossError.shapeMismatch(
                loss: "CrossEntropyLoss", input: logits.shape, target: [targets.count],
                requirement: "expected N×C logits (N, C ≥ 1) and N class indices")
        }
        let (batch, classes) = (logits.shape[0], logits.shape[1])
        if let position = targets.firstIndex(where: { !(0..<classes).contains($0) }) {
            throw LossError.classIndexOutOfRange(loss: "CrossEntropyLoss", position: position,
                                                 index: targets[position], classes: classes)
        }
        if let weight, weight.count != classes {
            throw LossError.weightCountMismatch(loss: "CrossEntropyLoss", weights: weight.count, classes: classes)
        }
        buffer.prepare(shape: logits.shape)
        return buffer.fill { gradient in
            crossEntropyLossAndGradient(logits: logits.scalars, targets: targets, batch: batch, classes: classes,
                                        labelSmoothing: Scalar(labelSmoothing), classWeights: weight,
                                        gradient: &gradient)
        }
    }
}
