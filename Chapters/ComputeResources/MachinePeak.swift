import Foundation
import DeepLearning

/// This machine's arithmetic ceiling, measured: OpenBLAS's sgemm on square float32 matrices, whose inner kernel
/// is FMA-bound (on Zen 3 two 256-bit FMA units: 32 FLOPs per cycle per core), on one thread and on every core.
public enum MachinePeak {
    /// GFLOP/s of the best of `repeats` n×n×n products (2n³ FLOPs each) on `threads` BLAS threads.
    public static func sgemmGflops(n: Int = 1024, repeats: Int = 5, threads: Int) -> Double {
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        return BLASThreads.with(threads) {
            gemm(m: n, n: n, k: n, a, b, into: &c)  // warm-up: pages, the kernel's buffers
            var best = Double.infinity
            for _ in 0 ..< repeats {
                let start = Date()
                gemm(m: n, n: n, k: n, a, b, into: &c)
                best = min(best, Date().timeIntervalSince(start))
            }
            return 2 * Double(n * n * n) / best / 1e9
        }
    }
}
