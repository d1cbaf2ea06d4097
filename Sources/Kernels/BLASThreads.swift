import CBLAS
import Glibc  // pthread_mutex

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
/// for the whole process: while `body` runs, every BLAS call from any thread uses it. So that the count a scope
/// asks for holds for the whole scope, scopes exclude each other: a scope entered on another thread (a test running
/// in parallel) waits until this one ends, while a scope nested on the same thread enters at once. (Without that,
/// one scope ending would put back its old count in the middle of another, and a run that must repeat bit for bit at
/// one thread would run partly at two.) `body` must therefore not wait for another thread that enters a scope.
public enum BLASThreads {
    /// Runs `body` with OpenBLAS set to `count` threads, then restores the count it found (also when `body` throws).
    public static func with<Result>(_ count: Int, _ body: () throws -> Result) rethrows -> Result {
        scopes.lock()
        defer { scopes.unlock() }
        let previous = blasThreadCount
        blasThreadCount = count
        defer { blasThreadCount = previous }
        return try body()
    }

    private static let scopes = RecursiveMutex()
}

/// A pthread mutex that the thread holding it may lock again (nested scopes).
private final class RecursiveMutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(&mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
}
