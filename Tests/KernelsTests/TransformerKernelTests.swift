import Testing
@testable import Kernels

/// Random numbers in [−2, 2) from a fixed linear congruential sequence (the tests' inputs in Double).
private func randomValues(_ count: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) * 0x1p-53 * 4 - 2
    }
}

private func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

@Suite("Transformer kernels against their naive twins")
struct TransformerKernelTests {
    /// The fast kernel and the naive twin (another formula for the input gradient: the full Jacobian) add the same
    /// terms in other orders: sums of ≤ C = 33 terms of size ≲ 10 in Double carry errors ≲ 33·10·ε ≈ 7e-14, so
    /// 1e-11 is a wide margin, while a wrong term (a missing 1/C, x̂ from the wrong row) is off by 1e-2 or more.
    /// C = 33 takes the eight-way partial sums and their remainder loop.
    @Test(arguments: [(1, 1), (3, 4), (5, 33), (2, 64)])
    func layerNorm(rows: Int, channels: Int) {
        let input = randomValues(rows * channels, seed: 1), dy = randomValues(rows * channels, seed: 2)
        let weight = randomValues(channels, seed: 3), bias = randomValues(channels, seed: 4)
        var saved = LayerNormSaved<Double>(), output: [Double] = [], dx: [Double] = []
        var dWeight = [Double](repeating: 0, count: channels), dBias = dWeight
        layerNormForward(input: input, rows: rows, channels: channels, weight: weight, bias: bias, epsilon: 1e-5,
                         saved: &saved, output: &output)
        let naive = naiveLayerNormForward(input: input, rows: rows, channels: channels, weight: weight, bias: bias,
                                          epsilon: 1e-5)
        #expect(largestDifference(output, naive) < 1e-11)
        layerNormBackward(outputGradient: dy, input: input, rows: rows, channels: channels, weight: weight,
                          saved: saved, weightGradient: &dWeight, biasGradient: &dBias, computeInputGradient: true,
                          inputGradient: &dx)
        let expected = naiveLayerNormBackward(input: input, outputGradient: dy, rows: rows, channels: channels,
                                              weight: weight, epsilon: 1e-5)
        #expect(largestDifference(dx, expected.input) < 1e-11)
        #expect(largestDifference(dWeight, expected.weight) < 1e-11)
        #expect(largestDifference(dBias, expected.bias) < 1e-11)
    }

    /// Both forms on [−6, 6]. Forward: the naive twin computes Φ through erfc instead of erf, so the two differ by
    /// a few ulps of the magnitude 1 term (1 + erf) times |x| ≤ 6: ≲ 6·4ε ≈ 5e-15 absolute; 1e-13 is safe.
    /// Backward: the naive twin is a central difference in Double (error ≲ 1e-10, see `naiveGELUBackward`), so
    /// 1e-8 separates it from a wrong closed form (a missing x·φ(x) term is off by up to 0.4).
    @Test(arguments: GELUApproximation.allCases)
    func gelu(_ approximation: GELUApproximation) {
        let input = (0...120).map { Double($0) / 10 - 6 }, dy = randomValues(input.count, seed: 5)
        var output: [Double] = [], derivative: [Double] = [], dx: [Double] = []
        geluForward(input, approximation: approximation, output: &output, derivative: &derivative)
        #expect(largestDifference(output, naiveGELUForward(input, approximation: approximation)) < 1e-13)
        geluBackward(derivative: derivative, outputGradient: dy, inputGradient: &dx)
        #expect(largestDifference(dx, naiveGELUBackward(input: input, outputGradient: dy,
                                                        approximation: approximation)) < 1e-8)
    }

    /// The two forms are different functions: tanh's error against erf's is ≤ ~5e-4 (Hendrycks and Gimpel), not 0.
    @Test func geluFormsDiffer() {
        let input = (0...120).map { Double($0) / 10 - 6 }
        let exact = naiveGELUForward(input, approximation: .none), tanh = naiveGELUForward(input, approximation: .tanh)
        let difference = largestDifference(exact, tanh)
        #expect(difference > 1e-5 && difference < 1e-3)
    }

    /// Probabilities ≤ 1 and sums of ≤ 9 terms: rounding ≲ 9·4ε ≈ 1e-14; 1e-12 is safe. Inputs up to ±8 (the
    /// fast kernel subtracts the maximum, the naive one does not: both fine at this size).
    @Test(arguments: [(1, 1), (4, 3), (3, 9)])
    func softmax(rows: Int, columns: Int) {
        let input = randomValues(rows * columns, seed: 6).map { 4 * $0 }, dy = randomValues(rows * columns, seed: 7)
        var output: [Double] = [], dx: [Double] = []
        softmaxForward(input, rows: rows, columns: columns, output: &output)
        #expect(largestDifference(output, naiveSoftmaxForward(input, rows: rows, columns: columns)) < 1e-12)
        for r in 0..<rows {
            #expect(abs(output[r * columns..<(r + 1) * columns].reduce(0, +) - 1) < 1e-12)
        }
        softmaxBackward(output: output, outputGradient: dy, rows: rows, columns: columns, inputGradient: &dx)
        #expect(largestDifference(dx, naiveSoftmaxBackward(input: input, outputGradient: dy, rows: rows,
                                                           columns: columns)) < 1e-12)
    }

    /// Whole numbers: the products and sums are exact in Float, so the BLAS loop and the naive loops must agree
    /// EXACTLY, for every transpose and with beta = 1 accumulating into what is there; strides and leading
    /// dimensions larger than the matrices (heads side by side in a wider row, as attention uses them).
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func batchedGemmMatchesNaive(transposeA: Bool, transposeB: Bool) {
        let (count, m, n, k) = (3, 4, 5, 6)
        let a: [Float] = wholeNumbers(count * 40 + 8, seed: 1), b: [Float] = wholeNumbers(count * 40 + 8, seed: 2)
        let start: [Float] = wholeNumbers(count * 35, seed: 3)
        var fast = start, naive = start
        // a_i: op(a) is m×k, stored m×k (or k×m) with leading 8 (or 6), matrices 40 apart; likewise b.
        let aLeading = transposeA ? m + 2 : k + 2, bLeading = transposeB ? k + 1 : n + 1
        a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            let aMatrices = StridedMatrices(a.baseAddress!, stride: 40, leading: aLeading)
            let bMatrices = StridedMatrices(b.baseAddress!, stride: 40, leading: bLeading)
            fast.withUnsafeMutableBufferPointer { c in
                batchedGemm(count: count, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 2,
                            aMatrices, bMatrices, beta: 1, into: StridedMatrices(c.baseAddress!, stride: 35, leading: 7))
            }
            naive.withUnsafeMutableBufferPointer { c in
                naiveBatchedGemm(count: count, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                 alpha: 2, aMatrices, bMatrices, beta: 1,
                                 into: StridedMatrices(c.baseAddress!, stride: 35, leading: 7))
            }
        }}
        #expect(fast == naive)
        #expect(fast != start)
    }

    /// The batched GEMMs and row softmax against llm.c's loops, with and without the causal mask, one and several
    /// heads. Sums of ≤ T = 7 or hs = 4 terms of size ≲ 10 in Double: ≲ 1e-14 apart; 1e-12 is safe.
    @Test(arguments: [(1, 1, 4, 1, false), (2, 5, 8, 2, false), (2, 5, 8, 2, true), (3, 7, 12, 3, true)])
    func attention(batch: Int, tokens: Int, channels: Int, heads: Int, causal: Bool) {
        let shape = AttentionShape(batch: batch, tokens: tokens, channels: channels, heads: heads, causal: causal)
        let qkv = randomValues(batch * tokens * 3 * channels, seed: 8), dy = randomValues(batch * tokens * channels, seed: 9)
        var saved = AttentionSaved<Double>(), output: [Double] = [], dqkv: [Double] = []
        attentionForward(qkv: qkv, shape: shape, saved: &saved, output: &output)
        let naive = naiveAttentionForward(qkv: qkv, shape: shape)
        #expect(largestDifference(output, naive.output) < 1e-12)
        #expect(largestDifference(saved.probabilities, naive.probabilities) < 1e-12)
        attentionBackward(outputGradient: dy, qkv: qkv, shape: shape, saved: &saved, inputGradient: &dqkv)
        #expect(largestDifference(dqkv, naiveAttentionBackward(outputGradient: dy, qkv: qkv, shape: shape)) < 1e-12)
        if causal {  // token 0 sees only itself: its probability row is (1, 0, 0, …)
            #expect(saved.probabilities[0] == 1 && saved.probabilities[1..<tokens].allSatisfy { $0 == 0 })
        }
    }

    /// Images split across workers, each with its own scratch: bitwise the numbers of one worker.
    @Test func attentionWorkersGiveTheSameNumbers() {
        let shape = AttentionShape(batch: 5, tokens: 6, channels: 8, heads: 2)
        let qkv: [Float] = randomValues(5 * 6 * 24, seed: 10).map(Float.init)
        let dy: [Float] = randomValues(5 * 6 * 8, seed: 11).map(Float.init)
        func run(workers: Int) -> ([Float], [Float]) {
            var saved = AttentionSaved<Float>(), output: [Float] = [], dqkv: [Float] = []
            KernelWorkers.$count.withValue(workers) {
                attentionForward(qkv: qkv, shape: shape, saved: &saved, output: &output)
                attentionBackward(outputGradient: dy, qkv: qkv, shape: shape, saved: &saved, inputGradient: &dqkv)
            }
            return (output, dqkv)
        }
        let one = run(workers: 1), two = run(workers: 2)
        #expect(one.0 == two.0 && one.1 == two.1)
    }
}
