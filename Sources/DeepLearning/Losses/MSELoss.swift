
/// Mean squared error, as PyTorch's `nn.MSELoss()`: (1/count) Σ (x − y)², gradient 2(x − y)/count.
/// Input and target have the same (any) shape.
public final class MSELoss<Scalar: KernelScalar> {
    private var buffer = LossGradientBuffer<Scalar>()

    public init() {}

    /// The mean squared error of `predictions` against `targets` (same shape) and d(loss)/d(predictions).
    public func callAsFunction(_ predictions: Tensor<Scalar>, _ targets: Tensor<Scalar>) throws
        -> LossResult<Scalar>
    {
        try checkSameShape(loss: "MSELoss", input: predictions.shape, target: targets.shape)
        buffer.prepare(shape: predictions.shape)
        return buffer.fill { gradient in
            meanSquaredErrorLossAndGradient(predictions: predictions.scalars, targets: targets.scalars,
                                            gradient: &gradient)
        }
    }
}
