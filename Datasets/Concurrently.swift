import Dispatch

/// Runs two independent computations at the same time, on two threads, and returns both results once both have
/// finished. Fashion-MNIST's loader hashes a file and inflates it this way: the two take about as long.
func concurrently<First: Sendable, Second: Sendable>(_ first: @Sendable () -> First,
                                                    _ second: @Sendable () -> Second) -> (First, Second) {
    let slots = Slots<First, Second>()
    DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 { slots.first = first() } else { slots.second = second() }
    }
    return (slots.first!, slots.second!)
}

/// Each slot is written by exactly one of the two iterations and read after both have finished
/// (`concurrentPerform` returns only then), so no lock is needed.
private final class Slots<First, Second>: @unchecked Sendable {
    var first: First?
    var second: Second?
}
