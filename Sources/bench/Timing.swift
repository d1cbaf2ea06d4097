import Glibc
import Kernels

/// The clock our timings read: monotonic wall time, or with `--cpu-clock` the calling thread's CPU time.
let timingClock = CommandLine.arguments.contains("--cpu-clock") ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC

/// Seconds on `timingClock`.
func now() -> Double { clockSeconds(timingClock) }

/// Kernels' `bestSecondsPerCall` on `timingClock`.
func bestSecondsPerCall(repeats: Int, iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    try Kernels.bestSecondsPerCall(repeats: repeats, iterations: iterations, clock: timingClock, body)
}

/// The process's peak resident set size so far, in MiB (getrusage reports KiB on Linux).
func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}
