import CFMAPeak
import Glibc

/// The machine's measured single-precision FMA peak of one core, GFLOP/s: the ceiling every GEMM figure is read
/// against. nil when the CPU lacks AVX2+FMA (the kernel would not run).
public func measuredFMAPeak(repeats: Int = 5) -> Double? {
    guard fma_peak_supported() == 1 else { return nil }
    let iterations = 20_000_000  // 3.84 GFLOP: ~40 ms at 96 GFLOP/s, long enough for the clock
    // Timed on the thread's CPU clock whatever the bench's clock: one thread, and time spent waiting for a core
    // that other processes hold is not the core's speed.
    func cpuSeconds() -> Double { clockSeconds(CLOCK_THREAD_CPUTIME_ID) }
    var sink: Float = 0, seconds = Double.infinity
    for _ in 0..<max(5, repeats) {
        let start = cpuSeconds()
        sink += fma_peak_run(iterations)
        seconds = min(seconds, cpuSeconds() - start)
    }
    precondition(sink.isFinite, "FMA peak: the accumulators overflowed")
    return Double(iterations) * 192 / seconds / 1e9
}
