/// `c ← alpha·op(a)·op(b) + beta·c` for dense row-major matrices, through OpenBLAS.
///
/// Shapes: op(a) is m×k (`a` is stored k×m when `transposeA`), op(b) is k×n (`b` stored n×k when
/// `transposeB`), `c` is m×n. Transposes are flags handed to BLAS, never copies. With `beta = 1` the product is
/// added to `c`, which is how weight gradients accumulate.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func gemm<Scalar: KernelScalar>(
    transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Scalar = 1,
    _ a: [Scalar], _ b: [Scalar], beta: Scalar = 0, into c: inout [Scalar]
) {
    precondition(a.count == m * k && b.count == k * n && c.count == m * n,
                 "gemm: \(m)×\(k) by \(k)×\(n) into \(m)×\(n), got counts \(a.count), \(b.count), \(c.count)")
    guard m > 0 && n > 0 else { return }
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                Scalar.blasGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                                a: a.baseAddress!, lda: transposeA ? m : k,
                                b: b.baseAddress!, ldb: transposeB ? k : n,
                                beta: beta, c: c.baseAddress!, ldc: n)
            }
        }
    }
}

/// The naive twin of `gemm`: three loops with the definition `c[i,j] = alpha·Σ_p op(a)[i,p]·op(b)[p,j] + beta·c[i,j]`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveGemm<Scalar: KernelScalar>(
    transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Scalar = 1,
    _ a: [Scalar], _ b: [Scalar], beta: Scalar = 0, into c: inout [Scalar]
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Scalar = 0
            for p in 0..<k {
                let aValue = transposeA ? a[p * m + i] : a[i * k + p]
                let bValue = transposeB ? b[j * k + p] : b[p * n + j]
                sum += aValue * bValue
            }
            c[i * n + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * n + j])
        }
    }
}
