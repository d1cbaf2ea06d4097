
/// Binary cross-entropy on logits, mean over elements, as PyTorch's `nn.BCEWithLogitsLoss()`:
/// ℓ = max(z, 0) − z·y + log(1 + exp(−|z|)), the stable form of −[y log σ(z) + (1 − y) log(1 − σ(z))].
///
/// Prefer it to `BCELoss` after a sigmoid: it never overflows and its gradient, (σ(z) − y)/count, does not
/// vanish when the sigmoid saturates. Input and target have the same (any) shape; targets are in [0, 1].
public final class BCEWithLogitsLoss<Scalar: KernelScalar> {
    private var buffer = LossGradientBuffer<Scalar>()

    public init() {}

    /// The mean loss of `logits` against `targets` (same shape) and d(loss)/d(logits).
    public func callAsFunction(_ logits: Tensor<Scalar>, _ targets: Tensor<Scalar>) throws -> LossResult<Scalar> {
        try checkSameShape(loss: "BCEWithLogitsLoss", input: logits.shape, target: targets.shape)
        buffer.prepare(shape: logits.shape)
        return buffer.fill { gradient in
            binaryCrossEntropyWithLogitsLossAndGradient(logits: logits.scalars, targets: targets.scalars,
                                                        gradient: &gradient)
        }
    }
}
