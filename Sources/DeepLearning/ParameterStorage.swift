/// One contiguous buffer of parameter values and one of their gradients, of equal length: the memory that a
/// `Parameter` views a slice of. A parameter starts with a storage of its own; a `ParameterStore` gives a whole
/// model one (llm.c's `params_memory` and `grads_memory`), so that an all-reduce, a global gradient norm or an
/// optimizer walks one buffer instead of one array per tensor.
///
/// Room for a second scalar type (mixed precision): FP16/BF16 copies of the weights would be a third buffer here
/// of the same length and the same offsets, in the 16-bit type, refreshed from `values` (the FP32 masters) after
/// every optimizer step; the 16-bit gradients a backward pass produces would be unscaled into `gradients`, where
/// the optimizer reads them. Offsets count elements, not bytes, so the same table serves every scalar type.
final class ParameterStorage<Scalar: KernelScalar> {
    let values: UnsafeMutableBufferPointer<Scalar>
    let gradients: UnsafeMutableBufferPointer<Scalar>
    /// How many parameters view this storage (1 for a parameter's own).
    let members: Int
    /// True once its parameters have moved to a newer storage: a store still holding this one is stale.
    private(set) var isRetired = false

    /// Zeroed buffers of `count` elements each, aligned to 64 bytes (a cache line, and an AVX-512 vector).
    init(count: Int, members: Int) {
        self.members = members
        func buffer() -> UnsafeMutableBufferPointer<Scalar> {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Scalar>.stride,
                                                       alignment: 64)
            let typed = raw.bindMemory(to: Scalar.self, capacity: max(1, count))
            typed.initialize(repeating: 0, count: max(1, count))
            return UnsafeMutableBufferPointer(start: typed, count: count)
        }
        values = buffer()
        gradients = buffer()
    }

    func retire() { isRetired = true }

    deinit {
        values.baseAddress!.deallocate()
        gradients.baseAddress!.deallocate()
    }
}
