import Dispatch
import Testing
@testable import Kernels

/// `BLASThreads.with` sets OpenBLAS's process-global thread count for its scope only, and scopes on different
/// threads exclude each other, so that the count holds for a whole scope even while other tests run.
struct BLASThreadsTests {
    struct Failure: Error {}

    @Test func setsTheCountForTheScopeAndRestoresIt() throws {
        // Inside an outer scope, so that no other test's scope changes the count between the checks.
        BLASThreads.with(2) {
            #expect(BLASThreads.with(3) { blasThreadCount } == 3)
            #expect(blasThreadCount == 2)
            // Nested scopes unwind in order.
            BLASThreads.with(3) {
                BLASThreads.with(1) { #expect(blasThreadCount == 1) }
                #expect(blasThreadCount == 3)
            }
            #expect(blasThreadCount == 2)
            // A throwing body restores it too.
            #expect(throws: Failure.self) { try BLASThreads.with(3) { throw Failure() } }
            #expect(blasThreadCount == 2)
        }
    }

    /// Two threads each hold a scope with their own count and read it back 500,000 times: with scopes that did not
    /// exclude each other, one would see the other's count (or the count one of them restored) within a few reads.
    @Test func aScopeOnAnotherThreadWaits() {
        let held = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 2)
        defer { held.deallocate() }
        let slots = UncheckedSendable(held)
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            let count = thread == 0 ? 1 : 3
            slots.value[thread] = BLASThreads.with(count) {
                (0..<500_000).allSatisfy { _ in blasThreadCount == count }
            }
        }
        #expect(held[0] && held[1])
    }
}
