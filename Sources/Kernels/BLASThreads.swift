import CBLAS

/// How many threads OpenBLAS uses for one call. Takes effect at once (an `OPENBLAS_NUM_THREADS` set with
/// `setenv` inside the running process does not: OpenBLAS reads it only when the library loads).
///
/// The workbook's thread rule: either one caller with BLAS threads = cores, or one BLAS thread per worker.
public var blasThreadCount: Int {
    get { Int(openblas_get_num_threads()) }
    set { openblas_set_num_threads(Int32(newValue)) }
}
