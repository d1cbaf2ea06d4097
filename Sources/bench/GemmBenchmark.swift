import CBLAS
import Kernels

/// One GEMM of the training step: C[m×n] = op(A)·op(B) with op(A) m×k, op(B) k×n.
struct GemmShape {
    var label: String
    var transposeA = false
    var transposeB = false
    var m: Int
    var n: Int
    var k: Int
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
}

/// Every GEMM the engine runs in one training step of the article's CNN at batch 64 (batched im2col: one GEMM per
/// convolution and direction; conv1 computes no input gradient). Their FLOPs add up to the step's 93.3 MFLOP/image.
let trainingStepGemms: [GemmShape] = [
    GemmShape(label: "conv1 forward", m: 64, n: 64 * 784, k: 9),
    GemmShape(label: "conv1 weight grad", transposeB: true, m: 64, n: 9, k: 64 * 784),
    GemmShape(label: "conv2 forward", m: 128, n: 64 * 196, k: 576),
    GemmShape(label: "conv2 weight grad", transposeB: true, m: 128, n: 576, k: 64 * 196),
    GemmShape(label: "conv2 input grad", transposeA: true, m: 576, n: 64 * 196, k: 128),
    GemmShape(label: "fc1 forward", transposeB: true, m: 64, n: 128, k: 6272),
    GemmShape(label: "fc1 weight grad", transposeA: true, m: 128, n: 6272, k: 64),
    GemmShape(label: "fc1 input grad", m: 64, n: 6272, k: 128),
    GemmShape(label: "fc2 forward", transposeB: true, m: 64, n: 10, k: 128),
    GemmShape(label: "fc2 weight grad", transposeA: true, m: 10, n: 128, k: 64),
    GemmShape(label: "fc2 input grad", m: 64, n: 128, k: 10),
]

struct GemmTiming {
    var shape: GemmShape
    /// Seconds per call of cblas_sgemm on raw pointers.
    var raw: Double
    /// Seconds per call through the engine's `gemm` on Swift arrays.
    var engine: Double
}

/// Times each shape with raw cblas_sgemm and with the engine's wrapper, alternately, best of `repeats`.
func benchmarkGemms(repeats: Int) -> [GemmTiming] {
    trainingStepGemms.map { shape in
        let a = [Float](repeating: 0.5, count: shape.m * shape.k), b = [Float](repeating: 0.25, count: shape.k * shape.n)
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        let iterations = max(1, Int(2e9 / shape.flops))  // about 20 ms per timing at 100 GFLOP/s
        var raw = Double.infinity, engine = Double.infinity
        for _ in 0..<repeats {
            raw = min(raw, a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        bestSecondsPerCall(repeats: 1, iterations: iterations) {
                            cblas_sgemm(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans,
                                        shape.transposeB ? CblasTrans : CblasNoTrans, blasint(shape.m),
                                        blasint(shape.n), blasint(shape.k), 1, a.baseAddress,
                                        blasint(shape.transposeA ? shape.m : shape.k), b.baseAddress,
                                        blasint(shape.transposeB ? shape.k : shape.n), 0, c.baseAddress,
                                        blasint(shape.n))
                        }
                    }
                }
            })
            engine = min(engine, bestSecondsPerCall(repeats: 1, iterations: iterations) {
                gemm(transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
                     a, b, into: &c)
            })
        }
        return GemmTiming(shape: shape, raw: raw, engine: engine)
    }
}
