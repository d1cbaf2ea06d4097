import Dispatch

/// The results of two independent computations run at the same time on two threads.
struct TwoResults<First: Sendable, Second: Sendable>: Sendable {
    let first: First
    let second: Second

    init(first: @Sendable () -> First, second: @Sendable () -> Second) {
        let slots = Slots<First, Second>()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { slots.first = first() } else { slots.second = second() }
        }
        self.first = slots.first!
        self.second = slots.second!
    }

    /// Each slot is written by exactly one of the two iterations and read after both have finished
    /// (`concurrentPerform` returns only then), so no lock is needed.
    private final class Slots<A, B>: @unchecked Sendable {
        var first: A?
        var second: B?
    }
}
