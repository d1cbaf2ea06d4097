import CBLAS
import Kernels

/// One GEMM of the training step, `calls` times: C[m×n] = op(A)·op(B) with op(A) m×k, op(B) k×n.
struct GemmShape {
    var label: String
    var transposeA = false
    var transposeB = false
    var m: Int
    var n: Int
    var k: Int
    var calls = 1
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) * Double(calls) }
}

/// Every GEMM the engine runs in one training step of the article's CNN at batch 64: per group of images for the
/// convolutions (conv1: 28×28 maps, one image per GEMM, 64 calls; conv2: 14×14 maps, 4 images per GEMM, 16 calls;
/// see `WindowGeometry.imagesPerGroup`; conv1 computes no input gradient), one per direction for the linear layers.
/// Their FLOPs add up to the step's 93.3 MFLOP/image.
let trainingStepGemms: [GemmShape] = [
    GemmShape(label: "conv1 forward", m: 64, n: 784, k: 9, calls: 64),
    GemmShape(label: "conv1 weight grad", transposeB: true, m: 64, n: 9, k: 784, calls: 64),
    GemmShape(label: "conv2 forward", m: 128, n: 784, k: 576, calls: 16),
    GemmShape(label: "conv2 weight grad", transposeB: true, m: 128, n: 576, k: 784, calls: 16),
    GemmShape(label: "conv2 input grad", transposeA: true, m: 576, n: 784, k: 128, calls: 16),
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

/// Times each shape with raw cblas_sgemm and with the engine's wrapper, alternately, best of `repeats`. Each of a
/// shape's `calls` reads and writes its own slice of memory, as the step does (no unfair cache reuse). The engine
/// is measured through `gemm` on arrays for the single-call shapes; the convolution GEMMs call BLAS on pointers
/// inside the convolution kernel, so for them raw and engine are the same call.
func benchmarkGemms(repeats: Int) -> [GemmTiming] {
    trainingStepGemms.map { shape in
        let aSize = shape.m * shape.k, bSize = shape.k * shape.n, cSize = shape.m * shape.n
        let a = [Float](repeating: 0.5, count: aSize * shape.calls)
        let b = [Float](repeating: 0.25, count: bSize * shape.calls)
        var c = [Float](repeating: 0, count: cSize * shape.calls)
        let iterations = max(1, Int(1e9 / shape.flops))  // about 10 ms per timing at 100 GFLOP/s
        var raw = Double.infinity, engine = Double.infinity
        for _ in 0..<repeats {
            raw = min(raw, a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        bestSecondsPerCall(repeats: 1, iterations: iterations) {
                            for call in 0..<shape.calls {
                                cblas_sgemm(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans,
                                            shape.transposeB ? CblasTrans : CblasNoTrans, blasint(shape.m),
                                            blasint(shape.n), blasint(shape.k), 1, a.baseAddress! + call * aSize,
                                            blasint(shape.transposeA ? shape.m : shape.k), b.baseAddress! + call * bSize,
                                            blasint(shape.transposeB ? shape.k : shape.n), 0,
                                            c.baseAddress! + call * cSize, blasint(shape.n))
                            }
                        }
                    }
                }
            })
            guard shape.calls == 1 else { engine = raw; continue }
            engine = min(engine, bestSecondsPerCall(repeats: 1, iterations: iterations) {
                gemm(transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
                     a, b, into: &c)
            })
        }
        return GemmTiming(shape: shape, raw: raw, engine: engine)
    }
}
