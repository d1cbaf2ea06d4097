/// All the trainable parameters of a model in one contiguous buffer of values and one of gradients, with a view
/// per tensor (llm.c's `ParameterTensors`, `params_memory` and `grads_memory`).
///
///     let store = ParameterStore(model)           // gathers conv1.weight, conv1.bias, …, fc2.bias
///     store.values     // all 878,730 weights of the article's CNN, in `named_parameters()` order
///     store.gradients  // their gradients at the same offsets: one all-reduce, one norm, one clear
///
/// Gathering copies each parameter's numbers into the store's buffers and points the parameter there, so the
/// layers and the store see the same memory. A parameter shared by two layers is stored once. Gathering the same
/// parameters again (a second optimizer, a second store for one model) shares the buffers instead of copying; a
/// store over a different set (a model with a new head) moves its parameters into new buffers, after which an
/// older store over them refuses to be used (a precondition: it would update memory nobody reads).
///
/// Optimizers keep their state (Adam's m and v) in buffers of the same length at the same offsets.
public final class ParameterStore<Scalar: KernelScalar> {
    /// One tensor of the store: its full name, the parameter, and where its numbers start.
    public struct Entry {
        public let name: String
        public let parameter: Parameter<Scalar>
        /// Index of its first number in `values` and `gradients`.
        public let offset: Int
        /// `offset ..< offset + parameter.count`.
        public var range: Range<Int> { offset ..< offset + parameter.count }
    }

    /// Every parameter once, in the order of the buffers.
    public let entries: [Entry]
    /// Numbers in the store: the sum of the parameters' counts.
    public let count: Int
    private let storage: ParameterStorage<Scalar>

    /// The parameters of `model` and its descendants, named by the module tree.
    public convenience init(_ model: some Layer<Scalar>) {
        self.init(model.namedParameters())
    }

    /// Loose parameters (e.g. of one layer in a test), named by their own names; each is stored once.
    public convenience init(parameters: [Parameter<Scalar>]) {
        var seen = Set<ObjectIdentifier>()
        self.init(parameters.filter { seen.insert(ObjectIdentifier($0)).inserted }
            .map { NamedParameter(name: $0.name, parameter: $0) })
    }

    /// `parameters` (distinct) in this order.
    public init(_ parameters: [NamedParameter<Scalar>]) {
        var offsets: [Int] = [], total = 0
        for named in parameters {
            offsets.append(total)
            total += named.parameter.count
        }
        precondition(Set(parameters.map { ObjectIdentifier($0.parameter) }).count == parameters.count,
                     "ParameterStore: a parameter is listed twice")
        entries = zip(parameters, offsets).map { Entry(name: $0.name, parameter: $0.parameter, offset: $1) }
        count = total
        if let shared = Self.sharedStorage(of: entries) {
            storage = shared
        } else {
            storage = ParameterStorage(count: total, members: parameters.count)
            for entry in entries { entry.parameter.move(to: storage, offset: entry.offset) }
        }
    }

    /// The storage all `entries` already view at exactly their offsets, if any (a store gathered before).
    private static func sharedStorage(of entries: [Entry]) -> ParameterStorage<Scalar>? {
        guard let first = entries.first?.parameter.storage, !first.isRetired, first.members == entries.count,
              entries.allSatisfy({ $0.parameter.storage === first && $0.parameter.offset == $0.offset })
        else { return nil }
        return first
    }

    /// Every weight of the model, in place.
    public var values: UnsafeMutableBufferPointer<Scalar> {
        precondition(!storage.isRetired, "ParameterStore: its parameters have moved to a newer store")
        return storage.values
    }

    /// Every gradient, at the same offsets as `values`, in place.
    public var gradients: UnsafeMutableBufferPointer<Scalar> {
        precondition(!storage.isRetired, "ParameterStore: its parameters have moved to a newer store")
        return storage.gradients
    }

    /// The parameters, in store order.
    public var parameters: [Parameter<Scalar>] { entries.map(\.parameter) }

    /// Clears every gradient with one memset (PyTorch's `zero_grad()`; layers add into gradients).
    public func zeroGradients() { zero(gradients) }

    /// Numbers that optimizers train (`requiresGradient`), and numbers frozen.
    public var trainableCount: Int { entries.filter { $0.parameter.requiresGradient }.reduce(0) { $0 + $1.parameter.count } }
    public var frozenCount: Int { count - trainableCount }

    /// √(Σ g²) over every trainable parameter's gradient, accumulated in Double: the global norm that
    /// `clip_grad_norm_` clips (frozen parameters have no gradient and do not count).
    public func gradientNorm() -> Double {
        var total = 0.0
        for entry in entries where entry.parameter.requiresGradient {
            total += sumOfSquares(UnsafeBufferPointer(entry.parameter.gradients))
        }
        return total.squareRoot()
    }

    /// Calls `body(range, key, entries)` for each run of consecutive entries that share a key (e.g. trainable with
    /// the same step count), with the run's offset range in the buffers and its entry indices: an optimizer updates
    /// a run with one kernel call instead of one per tensor. `key` returns nil for entries to skip (frozen).
    /// Allocates nothing, so that an optimizer step does not either.
    func forEachRun<Key: Equatable>(key: (Int, Entry) -> Key?, _ body: (Range<Int>, Key, Range<Int>) -> Void) {
        var current: (start: Int, key: Key, firstEntry: Int)?
        for index in entries.indices {
            let value = key(index, entries[index])
            if let run = current, value != run.key {
                body(run.start ..< entries[index].offset, run.key, run.firstEntry ..< index)
                current = nil
            }
            if current == nil, let value { current = (entries[index].offset, value, index) }
        }
        if let run = current { body(run.start ..< count, run.key, run.firstEntry ..< entries.count) }
    }
}
