import Foundation

/// Something that updates the parameters of a `ParameterStore` from their gradients, one `step()` per batch.
///
/// Parameters whose `requiresGradient` is false (frozen) are skipped by `step()`: their values and the
/// optimizer's state for them stay as they are. Its state lives in buffers of the store's length, at the store's
/// offsets, so it is contiguous too.
public protocol Optimizer<Scalar>: AnyObject, CustomStringConvertible {
    associatedtype Scalar: KernelScalar
    /// The parameters this optimizer updates, in one buffer.
    var store: ParameterStore<Scalar> { get }
    /// α; settable so that a learning-rate schedule can change it between steps.
    var learningRate: Double { get set }
    /// Updates every trainable parameter from its current gradient.
    func step()
}

extension Optimizer {
    /// The parameters, in the store's order.
    public var parameters: [Parameter<Scalar>] { store.parameters }

    /// Clears every gradient (call before each backward pass: layers accumulate into gradients).
    public func zeroGradients() { store.zeroGradients() }
}

/// An optimizer whose momentum a schedule can change between steps (one-cycle): Adam's β₁, SGD's momentum.
public protocol MomentumOptimizer: Optimizer {
    var momentum: Double { get set }
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

/// A hyperparameter as people write it: 0.001, 0.9, 1e-8 (Swift alone would print 1e-08).
func hyperparameter(_ value: Double) -> String {
    "\(value)".replacingOccurrences(of: "e-0", with: "e-")
}
