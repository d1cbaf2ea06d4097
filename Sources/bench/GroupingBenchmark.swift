import CBLAS
import Kernels

/// Why the convolution runs one GEMM per group of images: raw cblas_sgemm on the article's conv1 and conv2 with
/// 1 image per GEMM (64 calls), the group size the engine picks (`WindowGeometry.imagesPerGroup`), and the whole
/// batch in one GEMM (1 call), each call on its own memory. Prints GFLOP/s per direction.
func printConvolutionGrouping(repeats: Int) {
    BLASThreads.with(1) { printConvolutionGroupingOnOneThread(repeats: repeats) }
}

private func printConvolutionGroupingOnOneThread(repeats: Int) {
    // (layer, direction, transposes, M, N per image, K per image, whether the batch widens N or K)
    let directions: [(String, Bool, Bool, Int, Int, Int, Bool)] = [
        ("conv1 forward", false, false, 64, 784, 9, true),
        ("conv1 weight grad", false, true, 64, 9, 784, false),
        ("conv2 forward", false, false, 128, 196, 576, true),
        ("conv2 weight grad", false, true, 128, 576, 196, false),
        ("conv2 input grad", true, false, 576, 196, 128, true),
    ]
    print("\nconvolution GEMMs by images per GEMM (1 thread, GFLOP/s):   1 image   engine's group   whole batch")
    for (label, transposeA, transposeB, m, nPerImage, kPerImage, widensN) in directions {
        let engineGroup = max(1, min(64, (768 + (widensN ? nPerImage : kPerImage) - 1) / (widensN ? nPerImage : kPerImage)))
        let cells = [1, engineGroup, 64].map { group -> String in
            let calls = 64 / group
            let n = widensN ? nPerImage * group : nPerImage, k = widensN ? kPerImage : kPerImage * group
            let aSize = m * k, bSize = k * n, cSize = m * n
            let a = [Float](repeating: 0.5, count: aSize * calls), b = [Float](repeating: 0.25, count: bSize * calls)
            var c = [Float](repeating: 0, count: cSize * calls)
            let seconds = a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        bestSecondsPerCall(repeats: repeats, iterations: 2) {
                            for call in 0..<calls {
                                cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                                            transposeB ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), blasint(k),
                                            1, a.baseAddress! + call * aSize, blasint(transposeA ? m : k),
                                            b.baseAddress! + call * bSize, blasint(transposeB ? k : n), 0,
                                            c.baseAddress! + call * cSize, blasint(n))
                            }
                        }
                    }
                }
            }
            return String(format: "%6.1f (G=%d)", 2 * Double(m * nPerImage * kPerImage) * 64 / seconds / 1e9, group)
        }
        print("  " + label.padding(toLength: 58, withPad: " ", startingAt: 0) + cells.joined(separator: "   "))
    }
}
