import CBLAS

/// The element types the kernels are written for: `Float` for training, `Double` for gradient checks.
///
/// Kernels are generic over this protocol so that each is written once; the BLAS entry points differ per
/// type (`cblas_sgemm` against `cblas_dgemm`), so those are requirements that each conformance supplies.
public protocol KernelScalar: BinaryFloatingPoint, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// `C ← alpha·op(A)·op(B) + beta·C` on row-major matrices through OpenBLAS: op(A) is m×k, op(B) is k×n,
    /// C is m×n; `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored (before `op`).
    static func blasGemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                         a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                         beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `condition ? whenTrue : whenFalse` computed with bit masks instead of a branch. Swift's `?:` on floating-point
    /// values compiles to a branch, which neither vectorises nor predicts well on data like ReLU signs; this does.
    static func branchlessSelect(_ condition: Bool, _ whenTrue: Self, _ whenFalse: Self) -> Self
}

private func transpose(_ flag: Bool) -> CBLAS_TRANSPOSE { flag ? CblasTrans : CblasNoTrans }

extension Float: KernelScalar {
    @inlinable @inline(__always)
    public static func branchlessSelect(_ condition: Bool, _ whenTrue: Float, _ whenFalse: Float) -> Float {
        let mask = 0 &- UInt32(truncatingIfNeeded: condition.bit)
        return Float(bitPattern: (whenTrue.bitPattern & mask) | (whenFalse.bitPattern & ~mask))
    }

    public static func blasGemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transpose(transposeA), transpose(transposeB), blasint(m), blasint(n),
                    blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}

extension Double: KernelScalar {
    @inlinable @inline(__always)
    public static func branchlessSelect(_ condition: Bool, _ whenTrue: Double, _ whenFalse: Double) -> Double {
        let mask = 0 &- UInt64(truncatingIfNeeded: condition.bit)
        return Double(bitPattern: (whenTrue.bitPattern & mask) | (whenFalse.bitPattern & ~mask))
    }

    public static func blasGemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                                a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                                beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transpose(transposeA), transpose(transposeB), blasint(m), blasint(n),
                    blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}

extension Bool {
    /// 1 for true, 0 for false, as arithmetic rather than a branch (a Bool is stored as one byte, 0 or 1).
    @inlinable @inline(__always)
    public var bit: UInt8 { unsafeBitCast(self, to: UInt8.self) }
}
