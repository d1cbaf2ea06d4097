/// Where one operand of a batched GEMM lives: matrix i starts at `base + i·stride` and has row stride `leading`.
public struct StridedMatrices<Pointer> {
    public var base: Pointer
    /// Elements between the starts of consecutive matrices.
    public var stride: Int
    /// Elements between consecutive rows of one matrix (BLAS's lda), as stored (before any transpose).
    public var leading: Int
    public init(_ base: Pointer, stride: Int, leading: Int) {
        self.base = base
        self.stride = stride
        self.leading = leading
    }
}

/// `count` independent GEMMs c_i ← alpha·op(a_i)·op(b_i) + beta·c_i of the same m×k by k×n shape, through
/// OpenBLAS: one `cblas_?gemm` call per matrix. (Debian 12's OpenBLAS 0.3.21 exports no `cblas_sgemm_batch`;
/// `nm -D libopenblasp-r0.3.21.so | grep -i batch` finds nothing. For attention's small per-head products, T×T
/// by T×hs, the loop costs one call's overhead per head.) Attention uses it per image with one matrix per head,
/// the heads' slices of the [T, 3C] QKV rows, `stride` hs apart with `leading` 3C.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func batchedGemm<Scalar: KernelScalar>(
    count: Int, transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Scalar = 1,
    _ a: StridedMatrices<UnsafePointer<Scalar>>, _ b: StridedMatrices<UnsafePointer<Scalar>>, beta: Scalar = 0,
    into c: StridedMatrices<UnsafeMutablePointer<Scalar>>
) {
    guard m > 0 && n > 0 else { return }
    for i in 0..<count {
        Scalar.blasGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: a.base + i &* a.stride, lda: a.leading, b: b.base + i &* b.stride, ldb: b.leading,
                        beta: beta, c: c.base + i &* c.stride, ldc: c.leading)
    }
}

/// The naive twin of `batchedGemm`: the definition c_i[r, s] = alpha·Σ_p op(a_i)[r, p]·op(b_i)[p, s] + beta·c_i[r, s]
/// with every index written out.
public func naiveBatchedGemm<Scalar: KernelScalar>(
    count: Int, transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Scalar = 1,
    _ a: StridedMatrices<UnsafePointer<Scalar>>, _ b: StridedMatrices<UnsafePointer<Scalar>>, beta: Scalar = 0,
    into c: StridedMatrices<UnsafeMutablePointer<Scalar>>
) {
    for i in 0..<count {
        for r in 0..<m {
            for s in 0..<n {
                var total: Scalar = 0
                for p in 0..<k {
                    let x = transposeA ? a.base[i * a.stride + p * a.leading + r] : a.base[i * a.stride + r * a.leading + p]
                    let y = transposeB ? b.base[i * b.stride + s * b.leading + p] : b.base[i * b.stride + p * b.leading + s]
                    total += x * y
                }
                let index = i * c.stride + r * c.leading + s
                c.base[index] = alpha * total + (beta == 0 ? 0 : beta * c.base[index])
            }
        }
    }
}
