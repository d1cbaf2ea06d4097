/// A loss a training loop can be handed: the mean loss of a model's output against the batch's targets, and
/// d(loss)/d(output) (`LossResult`). `Target` is what a batch carries: class indices for `CrossEntropyLoss`, a
/// tensor of the output's shape for `MSELoss` and the binary cross-entropies.
public protocol LossFunction<Scalar, Target> {
    associatedtype Scalar: KernelScalar
    associatedtype Target
    /// The loss of `output` against `targets`; throws on a shape mismatch or an invalid target.
    func loss(_ output: Tensor<Scalar>, _ targets: Target) throws -> LossResult<Scalar>
}

extension CrossEntropyLoss: LossFunction {
    public func loss(_ output: Tensor<Scalar>, _ targets: [Int]) throws -> LossResult<Scalar> {
        try self(output, targets: targets)
    }
}

extension MSELoss: LossFunction {
    public func loss(_ output: Tensor<Scalar>, _ targets: Tensor<Scalar>) throws -> LossResult<Scalar> {
        try self(output, targets)
    }
}

extension BCELoss: LossFunction {
    public func loss(_ output: Tensor<Scalar>, _ targets: Tensor<Scalar>) throws -> LossResult<Scalar> {
        try self(output, targets)
    }
}

extension BCEWithLogitsLoss: LossFunction {
    public func loss(_ output: Tensor<Scalar>, _ targets: Tensor<Scalar>) throws -> LossResult<Scalar> {
        try self(output, targets)
    }
}
