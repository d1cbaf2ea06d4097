
/// Cross-entropy between logits and class indices, mean over the batch, as PyTorch's `nn.CrossEntropyLoss()`:
/// L = (1/N) Σₙ −log softmax(zₙ)[tₙ]; with `labelSmoothing` ε as `nn.CrossEntropyLoss(label_smoothing=ε)`: the
/// target is the distribution q = (1 − ε)·onehot(t) + ε/C (Szegedy et al. 2016), L = (1/N) Σₙ Σ_c −q_c log softmax(zₙ)_c.
///
/// Takes logits (not probabilities): the log-softmax is computed inside, stably (each row shifted by its maximum),
/// so logits of any size give a finite loss. Shapes: logits N×C, targets N class indices in 0..<C; the gradient is
/// N×C, (softmax(z) − q) / N.
///
///     let lossFunction = CrossEntropyLoss<Float>()
///     let result = try lossFunction(logits, targets: labels)   // result.value, result.gradient
public final class CrossEntropyLoss<Scalar: KernelScalar> {
    private var buffer = LossGradientBuffer<Scalar>()

    /// ε in [0, 1]: the probability mass spread evenly over all C classes (0: the plain cross-entropy).
    public let labelSmoothing: Double

    /// Traps on ε outside [0, 1] (PyTorch raises): options that let a user choose ε check it first.
    public init(labelSmoothing: Double = 0) {
        precondition((0...1).contains(labelSmoothing), "CrossEntropyLoss: label smoothing \(labelSmoothing) not in [0, 1]")
        self.labelSmoothing = labelSmoothing
    }

    /// The mean cross-entropy of `logits` (N×C) against `targets` (N class indices) and d(loss)/d(logits).
    /// Throws if the logits are not N×C with N, C ≥ 1, if there are not N targets, or if a target is outside 0..<C.
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
        buffer.prepare(shape: logits.shape)
        return buffer.fill { gradient in
            crossEntropyLossAndGradient(logits: logits.scalars, targets: targets, batch: batch, classes: classes,
                                        labelSmoothing: Scalar(labelSmoothing), gradient: &gradient)
        }
    }
}
