/// What an optimizer carries from one step to the next besides the parameters, as a checkpoint saves it: buffers
/// laid out as its store (each `store.count` numbers, a parameter's at its offsets), named as PyTorch's optimizer
/// `state_dict` names them ("exp_avg", "exp_avg_sq", "momentum_buffer"), and counters with one number per store
/// entry ("step": Adam's t of each parameter).
///
/// Hyperparameters are not state: they come from the recipe, and those a schedule changes between steps (the
/// learning rate, one-cycle's momentum) the trainer's schedule sets again from the global step.
public struct OptimizerState<Scalar: KernelScalar>: Equatable, Sendable {
    public var buffers: [String: [Scalar]]
    public var counters: [String: [Int]]

    public init(buffers: [String: [Scalar]] = [:], counters: [String: [Int]] = [:]) {
        self.buffers = buffers
        self.counters = counters
    }

    /// Throws unless this state has exactly the buffers and counters of `expected`'s names and lengths (what a
    /// `restore` checks before it changes anything).
    public func check(against expected: OptimizerState, optimizer: String) throws {
        func describe(_ names: some Collection<String>) -> String { names.sorted().joined(separator: ", ") }
        guard Set(buffers.keys) == Set(expected.buffers.keys), Set(counters.keys) == Set(expected.counters.keys) else {
            throw OptimizerError(description: "\(optimizer): a saved state of buffers [\(describe(buffers.keys))] and "
                                 + "counters [\(describe(counters.keys))], expected [\(describe(expected.buffers.keys))] "
                                 + "and [\(describe(expected.counters.keys))]")
        }
        for (name, values) in buffers where values.count != expected.buffers[name]!.count {
            throw OptimizerError(description: "\(optimizer): saved buffer \(name) has \(values.count) numbers, "
                                 + "the store \(expected.buffers[name]!.count)")
        }
        for (name, values) in counters where values.count != expected.counters[name]!.count {
            throw OptimizerError(description: "\(optimizer): saved counter \(name) has \(values.count) entries, "
                                 + "the store \(expected.counters[name]!.count)")
        }
    }
}

/// An optimizer whose state a checkpoint can save and put back, so that a resumed run takes bitwise the steps
/// the uninterrupted run would have taken.
public protocol StatefulOptimizer<Scalar>: Optimizer {
    associatedtype Scalar
    /// A copy of the state now.
    var state: OptimizerState<Scalar> { get }
    /// Replaces the state by `state`; throws (changing nothing) unless it has this optimizer's buffers and
    /// counters at this store's sizes.
    func restore(_ state: OptimizerState<Scalar>) throws
}
