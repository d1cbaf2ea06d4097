import Testing
@testable import Kernels

/// `BLASThreads.with` sets OpenBLAS's thread count for its scope only. The count is process-global; the other
/// tests that set it do so for their own scopes too, and the scopes here last microseconds.
struct BLASThreadsTests {
    struct Failure: Error {}

    @Test func setsTheCountForTheScopeAndRestoresIt() throws {
        let before = blasThreadCount
        let other = before == 3 ? 2 : 3
        #expect(BLASThreads.with(other) { blasThreadCount } == other)
        #expect(blasThreadCount == before)
        // Nested scopes unwind in order.
        BLASThreads.with(other) {
            BLASThreads.with(1) { #expect(blasThreadCount == 1) }
            #expect(blasThreadCount == other)
        }
        #expect(blasThreadCount == before)
        // A throwing body restores it too.
        #expect(throws: Failure.self) { try BLASThreads.with(other) { throw Failure() } }
        #expect(blasThreadCount == before)
    }
}
