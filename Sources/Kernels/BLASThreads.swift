import CBLAS

/// How many threads OpenBLAS uses for one call. Takes effect at once (an `OPENBLAS_NUM_THREADS` set with
/// `setenv` inside the running process does not: OpenBLAS reads it only when the library loads).
///
/// The workbook's thread rule: either one caller with BLAS threads = cores, or one BLAS thread per worker.
/// To set it for a piece of work, use `BLASThreads.with`, which puts the old value back.
public var blasThreadCount: Int {
    get { Int(openblas_get_num_threads()) }
    set { openblas_set_num_threads(Int32(newValue)) }
}

/// OpenBLAS's thread count for a scope, the way `KernelWorkers.$count.withValue` sets the kernel workers:
/// `try BLASThreads.with(1) { try KernelWorkers.$count.withValue(2) { try train() } }`.
///
/// Unlike `KernelWorkers.count` (a task-local), the count is process-global, because OpenBLAS keeps one setting
/// for the whole process: while `body` runs, every BLAS call from any thread (tests running in parallel, too)
/// uses it. What `with` adds is that the setting does not outlive the scope.
public enum BLASThreads {
    /// Runs `body` with OpenBLAS set to `count` threads, then restores the count it found (also when `body` throws).
    public static func with<Result>(_ count: Int, _ body: () throws -> Result) rethrows -> Result {
        let previous = blasThreadCount
        blasThreadCount = count
        defer { blasThreadCount = previous }
        return try body()
    }
}
