/// Gives `buffer` exactly `count` elements, reallocating only when the count changes (e.g. a new batch size), so a
/// workspace kept between steps is reused.
@inlinable
public func ensureCount<Scalar: KernelScalar>(_ buffer: inout [Scalar], _ count: Int) {
    if buffer.count != count { buffer = [Scalar](repeating: 0, count: count) }
}
