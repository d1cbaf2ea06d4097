import Kernels

/// A trainable tensor together with the gradient that backward passes accumulate into it.
///
/// A reference type, because a layer and an optimizer must see the same weights: the layer writes `gradient`
/// in `backward`, the optimizer reads it and updates `value`. Set `requiresGradient` to false to freeze the
/// parameter (fine-tuning): optimizers then leave it alone.
public final class Parameter<Scalar: KernelScalar> {
    /// A name that says where the parameter lives, e.g. `conv1.weight` (safetensors keys use it).
    public let name: String
    /// The current weights.
    public var value: Tensor<Scalar>
    /// d(loss)/d(value), the same shape as `value`; `zeroGradient()` clears it before each step.
    public var gradient: Tensor<Scalar>
    /// False freezes the parameter: optimizers skip it.
    public var requiresGradient: Bool

    public init(name: String, value: Tensor<Scalar>, requiresGradient: Bool = true) {
        self.name = name
        self.value = value
        self.gradient = Tensor(shape: value.shape)
        self.requiresGradient = requiresGradient
    }

    /// Sets every gradient element to zero, keeping the storage (no allocation).
    public func zeroGradient() {
        fill(&gradient.scalars, with: 0)
    }
}
