import CBLAS
import Glibc

/// How fast one GEMM shape runs here, measured by `benchmarkGemms`.
public struct GemmTiming: Sendable {
    public var shape: GemmShape
    /// Seconds per call of cblas_sgemm on raw pointers.
    public var raw: Double
    /// Seconds per call through the engine's `gemm` on Swift arrays (the linear layers' path); nil for the
    /// convolutions' GEMMs, which the convolution kernel calls on pointers: the raw call itself.
    public var engine: Double?
    public var rawGFLOPS: Double { shape.flops / Double(shape.calls) / raw / 1e9 }
}

/// Times each shape with raw cblas_sgemm and, for single-call shapes, through the engine's `gemm` wrapper,
/// alternately, best of `repeats`, on `clock`, at the BLAS thread count in force. The calls read and write their
/// own slices of memory, as the step's groups do (no unfair cache reuse), up to 64 slices which are then reused
/// in turn (the step's batch has 64 images).
public func benchmarkGemms(_ shapes: [GemmShape], repeats: Int, clock: clockid_t = CLOCK_MONOTONIC) -> [GemmTiming] {
    shapes.map { shape in
        let slices = min(shape.calls, 64)
        let aSize = shape.m * shape.k, bSize = shape.k * shape.n, cSize = shape.m * shape.n
        let a = [Float](repeating: 0.5, count: aSize * slices)
        let b = [Float](repeating: 0.25, count: bSize * slices)
        var c = [Float](repeating: 0, count: cSize * slices)
        let iterations = max(1, Int(3e8 / shape.flops))  // about 5 ms per timing at 60 GFLOP/s
        var raw = Double.infinity, engine: Double? = nil
        for _ in 0..<repeats {
            raw = min(raw, a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        bestSecondsPerCall(repeats: 1, iterations: iterations, clock: clock) {
                            for call in 0..<shape.calls {
                                let slice = call % slices
                                cblas_sgemm(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans,
                                            shape.transposeB ? CblasTrans : CblasNoTrans, blasint(shape.m),
                                            blasint(shape.n), blasint(shape.k), 1, a.baseAddress! + slice * aSize,
                                            blasint(shape.transposeA ? shape.m : shape.k), b.baseAddress! + slice * bSize,
                                            blasint(shape.transposeB ? shape.k : shape.n), 0,
                                            c.baseAddress! + slice * cSize, blasint(shape.n))
                            }
                        }
                    }
                }
            } / Double(shape.calls))
            guard shape.calls == 1 else { continue }
            engine = min(engine ?? .infinity, bestSecondsPerCall(repeats: 1, iterations: iterations, clock: clock) {
                gemm(transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
                     a, b, into: &c)
            })
        }
        return GemmTiming(shape: shape, raw: raw, engine: engine)
    }
}
