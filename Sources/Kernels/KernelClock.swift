import Glibc

/// Seconds on `clock` (monotonic wall time by default; `CLOCK_THREAD_CPUTIME_ID` for the calling thread's CPU
/// time): what every speed measurement of the kernels reads.
public func clockSeconds(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The fastest of `repeats` timings of `iterations` calls of `body` on `clock`, in seconds per call. The minimum,
/// because other processes share the cores: noise only ever adds time.
public func bestSecondsPerCall(repeats: Int, iterations: Int, clock: clockid_t = CLOCK_MONOTONIC,
                               _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = clockSeconds(clock)
        for _ in 0..<iterations { try body() }
        best = min(best, (clockSeconds(clock) - start) / Double(iterations))
    }
    return best
}
