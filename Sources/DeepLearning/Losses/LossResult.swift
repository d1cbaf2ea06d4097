
/// What a loss returns: the mean loss and d(loss)/d(input), which has the input's shape.
///
/// `gradient` shares storage with a buffer the loss object reuses on every call, so a training loop allocates
/// nothing per step; a caller that keeps a result across the next call gets a copy made at that call
/// (copy-on-write), never a changed gradient.
public struct LossResult<Scalar: KernelScalar> {
    public let value: Scalar
    public let gradient: Tensor<Scalar>

    /// A result built by a loss outside this module (e.g. a composition of losses); `gradient` should be a
    /// buffer the loss reuses, for the same reason.
    public init(value: Scalar, gradient: Tensor<Scalar>) {
        self.value = value
        self.gradient = gradient
    }
}

/// The gradient buffer a loss object owns and reuses: reallocated only when the input shape changes.
struct LossGradientBuffer<Scalar: KernelScalar> {
    private(set) var tensor = Tensor<Scalar>(shape: [0])

    /// Makes the buffer `shape`-shaped, keeping the storage when the shape is unchanged.
    mutating func prepare(shape: [Int]) {
        if tensor.shape != shape { tensor = Tensor(shape: shape) }
    }

    /// Runs a kernel that writes the gradient into the buffer, then returns the loss with that gradient.
    mutating func fill(_ kernel: (inout [Scalar]) -> Scalar) -> LossResult<Scalar> {
        let value = kernel(&tensor.scalars)
        return LossResult(value: value, gradient: tensor)
    }
}
