import Testing
@testable import Kernels

@Suite("gemm against its naive twin")
struct GemmTests {
    /// Every transpose combination, odd sizes (so no size is a multiple of a SIMD width), alpha and beta ≠ 0,1.
    /// Whole-number inputs and alpha = 2, beta = 3 keep every result exact, so the comparison is exact.
    func compare<Scalar: KernelScalar>(_: Scalar.Type) {
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                for (m, n, k) in [(1, 1, 1), (3, 5, 7), (17, 9, 33), (64, 10, 128)] {
                    let a: [Scalar] = wholeNumbers(m * k, seed: 1), b: [Scalar] = wholeNumbers(k * n, seed: 2)
                    let start: [Scalar] = wholeNumbers(m * n, seed: 3)
                    var fast = start, naive = start
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 2, a, b,
                         beta: 3, into: &fast)
                    naiveGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 2, a, b,
                              beta: 3, into: &naive)
                    #expect(fast == naive, "gemm \(m)×\(n)×\(k) transposes \(transposeA) \(transposeB)")
                }
            }
        }
    }

    @Test func floatMatchesNaive() { compare(Float.self) }
    @Test func doubleMatchesNaive() { compare(Double.self) }

    /// A 2×2 product by hand: [[1, 2], [3, 4]]·[[5, 6], [7, 8]] = [[19, 22], [43, 50]].
    @Test func handWorkedProduct() {
        var c = [Float](repeating: 0, count: 4)
        gemm(m: 2, n: 2, k: 2, [1, 2, 3, 4], [5, 6, 7, 8], into: &c)
        #expect(c == [19, 22, 43, 50])
    }
}
