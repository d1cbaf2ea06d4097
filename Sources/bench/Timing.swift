import Glibc

/// The clock our timings read: monotonic wall time, or with `--cpu-clock` the calling thread's CPU time.
let timingClock = CommandLine.arguments.contains("--cpu-clock") ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC

/// Seconds on `timingClock`.
func now() -> Double {
    var time = timespec()
    clock_gettime(timingClock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The fastest of `repeats` timings of `iterations` calls of `body`, in seconds per call. The minimum, because
/// other processes share the two cores: noise only ever adds time.
func bestSecondsPerCall(repeats: Int, iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = now()
        for _ in 0..<iterations { try body() }
        best = min(best, (now() - start) / Double(iterations))
    }
    return best
}

/// The process's peak resident set size so far, in MiB (getrusage reports KiB on Linux).
func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}
