/// A trainable tensor together with the gradient that backward passes accumulate into it: a view of
/// `count` numbers at `offset` in a `ParameterStorage`.
///
/// A reference type, because a layer and an optimizer must see the same weights: the layer writes `gradients` in
/// `backward`, the optimizer reads them and updates `values`. A new parameter has a storage of its own; a
/// `ParameterStore` then gathers all of a model's parameters into one contiguous buffer for values and one for
/// gradients (llm.c's `params_memory` and `grads_memory`) and points each parameter at its slice. Layers reach the
/// numbers through `values` and `gradients` (no copy); `value` and `gradient` copy them out as tensors, for tests,
/// printing and loading. Two layers that hold the same `Parameter` share it: it is stored and counted once, and both
/// add their gradients into it.
///
/// Set `requiresGradient` to false to freeze the parameter (fine-tuning): layers then skip its gradient and
/// optimizers leave it alone.
public final class Parameter<Scalar: KernelScalar> {
    /// The name within its layer, as PyTorch's `_parameters` keys: `weight`, `bias`, `running_mean`. The full name
    /// (`stage2.block1.conv1.weight`) comes from the module tree: `Layer.namedParameters()`.
    public let name: String
    /// The shape of the tensor, e.g. [64, 1, 3, 3] for a convolution's weight.
    public let shape: [Int]
    /// `shape.reduce(1, *)`.
    public let count: Int
    /// False freezes the parameter: layers skip its gradient, optimizers skip it.
    public var requiresGradient: Bool

    /// Where the numbers live, and where in it: the parameter's own storage until a store gathers it.
    private(set) var storage: ParameterStorage<Scalar>
    private(set) var offset: Int

    public init(name: String, value: Tensor<Scalar>, requiresGradient: Bool = true) {
        self.name = name
        shape = value.shape
        count = value.count
        self.requiresGradient = requiresGradient
        storage = ParameterStorage(count: value.count, members: 1)
        offset = 0
        _ = value.scalars.withUnsafeBufferPointer { values.update(fromContentsOf: $0) }
    }

    /// The current weights, in place (row-major, `count` elements): what layers compute with.
    public var values: UnsafeMutableBufferPointer<Scalar> {
        UnsafeMutableBufferPointer(start: storage.values.baseAddress! + offset, count: count)
    }

    /// d(loss)/d(values), in place: backward passes add into it; the store clears it before each step.
    public var gradients: UnsafeMutableBufferPointer<Scalar> {
        UnsafeMutableBufferPointer(start: storage.gradients.baseAddress! + offset, count: count)
    }

    /// Where a backward kernel adds this parameter's gradient, or nil when it is frozen (the kernel then skips it).
    public var gradientTarget: UnsafeMutablePointer<Scalar>? {
        requiresGradient ? gradients.baseAddress : nil
    }

    /// A copy of the weights as a tensor; setting it copies the numbers in (the shape must stay the same).
    public var value: Tensor<Scalar> {
        get { Tensor(shape: shape, scalars: Array(values)) }
        set { overwrite(values, with: newValue) }
    }

    /// A copy of the gradient as a tensor; setting it copies the numbers in (the shape must stay the same).
    public var gradient: Tensor<Scalar> {
        get { Tensor(shape: shape, scalars: Array(gradients)) }
        set { overwrite(gradients, with: newValue) }
    }

    /// Sets every gradient element to zero, in place.
    public func zeroGradient() { zero(gradients) }

    /// Copies the numbers into `storage` at `offset` and reads them from there from now on (`ParameterStore`).
    func move(to newStorage: ParameterStorage<Scalar>, offset newOffset: Int) {
        let old = storage
        let (oldValues, oldGradients) = (values, gradients)
        (storage, offset) = (newStorage, newOffset)
        withExtendedLifetime(old) {
            _ = values.update(fromContentsOf: oldValues)
            _ = gradients.update(fromContentsOf: oldGradients)
        }
        old.retire()
    }

    private func overwrite(_ buffer: UnsafeMutableBufferPointer<Scalar>, with tensor: Tensor<Scalar>) {
        precondition(tensor.shape == shape,
                     "Parameter \(name): a tensor of shape \(tensor.shape.shapeDescription) for \(shape.shapeDescription)")
        _ = tensor.scalars.withUnsafeBufferPointer { buffer.update(fromContentsOf: $0) }
    }
}
