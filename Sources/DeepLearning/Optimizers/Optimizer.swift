import Kernels

/// Something that updates a list of parameters from their gradients, one `step()` per batch.
///
/// Parameters whose `requiresGradient` is false (frozen) are skipped by `step()`: their values and the
/// optimizer's state for them stay as they are.
public protocol Optimizer: AnyObject {
    associatedtype Scalar: KernelScalar
    /// The parameters this optimizer updates, in the order its per-parameter state is kept.
    var parameters: [Parameter<Scalar>] { get }
    /// Updates every trainable parameter from its current gradient.
    func step()
}

extension Optimizer {
    /// Clears every parameter's gradient (call before each backward pass: layers accumulate into gradients).
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }
}

/// A hyperparameter outside its valid range, e.g. `Adam: beta2 must be in [0, 1), got 1.5`.
public struct OptimizerError: Error, Equatable, CustomStringConvertible {
    public let description: String

    /// Throws unless `value` lies in `range`; `name` and `optimizer` go into the message.
    static func check(_ optimizer: String, _ name: String, _ value: Double, in range: Range<Double>) throws {
        guard range.contains(value) else {
            throw OptimizerError(description: "\(optimizer): \(name) must be in \(range.describedAsInterval), got \(value)")
        }
    }
}

extension Range<Double> {
    fileprivate var describedAsInterval: String {
        upperBound == .infinity ? "[\(lowerBound), ∞)" : "[\(lowerBound), \(upperBound))"
    }
}
