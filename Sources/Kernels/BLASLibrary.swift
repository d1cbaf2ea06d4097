import CBLAS

/// What the OpenBLAS the process loaded says about itself: which CPU kernels it picked, how it was built, and how
/// many threads one call may use. `workbook environment` prints it; run records keep the thread count.
public struct BLASLibrary: Sendable, Equatable {
    /// The CPU kernel family chosen at load time (`openblas_get_corename`), e.g. "Haswell" or "Zen".
    public let coreName: String
    /// The build's description (`openblas_get_config`), e.g. "OpenBLAS 0.3.29 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
    public let configuration: String
    /// Threads one BLAS call may use now (`openblas_get_num_threads`); set it with `blasThreadCount`.
    public let threads: Int
    /// Processors OpenBLAS saw when it loaded (`openblas_get_num_procs`).
    public let processors: Int

    /// Asks the loaded library now.
    public static func current() -> BLASLibrary {
        BLASLibrary(coreName: openblas_get_corename().map { String(cString: $0) } ?? "unknown",
                    configuration: openblas_get_config().map { String(cString: $0) } ?? "unknown",
                    threads: Int(openblas_get_num_threads()),
                    processors: Int(openblas_get_num_procs()))
    }
}
