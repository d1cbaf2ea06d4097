
/// Binary cross-entropy on probabilities, mean over elements, as PyTorch's `nn.BCELoss()`:
/// ℓ = −[y·log p + (1 − y)·log(1 − p)].
///
/// Like PyTorch, each log is clamped to ≥ −100, so p = 0 or p = 1 gives a finite loss (at most 100 per element)
/// instead of infinity; the gradient is PyTorch's (p − y) / max(p(1 − p), 1e-12) / count. Input and target have
/// the same shape; every probability must lie in [0, 1].
public final class BCELoss<Scalar: KernelScalar> {
    private var buffer = LossGradientBuffer<Scalar>()

    public init() {}

    /// The mean loss of `probabilities` against `targets` (same shape) and d(loss)/d(probabilities).
    /// Throws on a shape mismatch or a probability outside [0, 1] (NaN included).
    public func callAsFunction(_ probabilities: Tensor<Scalar>, _ targets: Tensor<Scalar>) throws
        -> LossResult<Scalar>
    {
        try checkSameShape(loss: "BCELoss", input: probabilities.shape, target: targets.shape)
        if let position = indexOfFirstElementOutsideUnitInterval(probabilities.scalars) {
            throw LossError.inputOutOfDomain(
                loss: "BCELoss", position: position,
                requirement: "\(probabilities.scalars[position]) is not a probability in [0, 1]")
        }
        buffer.prepare(shape: probabilities.shape)
        return buffer.fill { gradient in
            binaryCrossEntropyLossAndGradient(probabilities: probabilities.scalars, targets: targets.scalars,
                                              gradient: &gradient)
        }
    }
}
