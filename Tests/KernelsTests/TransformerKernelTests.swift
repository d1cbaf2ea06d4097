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

    /// CVectorMath's exponential against Double's exp on [−87, 88] (every 1/2000): Cephes' polynomial is within
    /// ~1e-8 of e^r on |r| ≤ ln2/2, and its last fused multiply-add and addition round once each (½ ulp, ≤ 2⁻²⁴
    /// relative), the reduction's n·ln2 split exactly (its 9-bit high part): ≲ 1.2 ulps of 2⁻²³, so 2 ulps
    /// (2.4e-7 relative) holds it, where a wrong coefficient is off by 1e-5 or more. Below e^−87.34 (FLT_MIN), 0.
    @Test(.enabled(if: vectorMathRuns)) func vectorExpIsExpToTwoUlps() {
        let x = (0...350_000).map { Float($0) / 2000 - 87 }
        let worst = zip(x, vectorExp(x)).map { abs(Double($1) - Double.kernelExp(Double($0))) / Double.kernelExp(Double($0)) }.max()!
        #expect(worst < 2.4e-7)
        #expect(vectorExp([-.infinity, -100, -87.4]) == [0, 0, 0])
    }

    /// The exact GELU in Float (CVectorMath on this CPU) against the naive twin in Double on [−10, 10], 20,003
    /// points (not a multiple of 8: the zero-padded last group). Φ's error: Abramowitz and Stegun's 1.5e-7 in erfc,
    /// halved, plus about six roundings of its ≤ ½-sized tail (≲ 6·2⁻²⁴·½) and the exponential's 2 ulps: ≲ 4e-7;
    /// y = x·Φ and the slope Φ + x·φ carry it times max(1, |x|), plus their own roundings. 1e-6·max(1, |x|) holds
    /// it; libm's erf in place of the polynomial would agree to ~1e-7, a missing term is off by 1e-2 or more.
    @Test func geluInFloatIsTheDefinition() {
        let input = (0..<20_003).map { Float($0) / 1000.15 - 10 }
        var output: [Float] = [], derivative: [Float] = []
        geluForward(input, approximation: .none, output: &output, derivative: &derivative)
        let doubles = input.map(Double.init)
        let value = naiveGELUForward(doubles, approximation: .none)
        let slope = naiveGELUBackward(input: doubles, outputGradient: doubles.map { _ in 1 }, approximation: .none)
        for i in input.indices {
            let allowed = 1e-6 * max(1, abs(doubles[i]))
            #expect(abs(Double(output[i]) - value[i]) < allowed, "GELU(\(input[i]))")
            #expect(abs(Double(derivative[i]) - slope[i]) < allowed, "GELU′(\(input[i]))")
        }
    }

    /// Each element is computed by the same instructions whichever worker takes it and wherever its chunk ends
    /// (the last, partial group of 8 runs in a padded copy): bitwise the same for 1 and 3 workers.
    @Test func geluInFloatIsTheSameForAnyWorkerCount() {
        let input = randomValues(1_001, seed: 12).map { Float(3 * $0) }
        func run(workers: Int) -> [Float] {
            var output: [Float] = [], derivative: [Float] = []
            KernelWorkers.$count.withValue(workers) {
                geluForward(input, approximation: .none, output: &output, derivative: &derivative)
            }
            return output + derivative
        }
        #expect(run(workers: 1) == run(workers: 3))
    }

    /// Softmax rows in Float (CVectorMath's rows on this CPU) against the naive twin in Double, 1 to 50 columns
    /// (a ViT's 50 tokens; 7, 8, 9 around one group of 8 lanes), entries up to ±8. Forward: each e^x within 2 ulps,
    /// the row's sum of ≤ 50 terms rounds ≤ 50 times (2⁻²⁴ of the total each), the scaling once: |Δp| ≤
    /// p·(2.4e-7 + 50·6e-8 + 6e-8) < 4e-6. Backward g·p summed over ≤ 50 terms of |g| ≤ 2 (≤ 50·2⁻²⁴·2 ≈ 6e-6)
    /// plus the forward's 4e-6 times |g − Σgp| ≤ 4: < 3e-5. A wrong term is off by 1e-2 or more.
    @Test(arguments: [1, 7, 8, 9, 50])
    func softmaxInFloatIsTheDefinition(columns: Int) {
        let rows = 40
        let input = randomValues(rows * columns, seed: 13).map { Float(4 * $0) }
        let dy = randomValues(rows * columns, seed: 14).map(Float.init)
        var output: [Float] = [], dx: [Float] = []
        softmaxForward(input, rows: rows, columns: columns, output: &output)
        softmaxBackward(output: output, outputGradient: dy, rows: rows, columns: columns, inputGradient: &dx)
        let doubles = input.map(Double.init)
        #expect(largestDifference(output.map(Double.init), naiveSoftmaxForward(doubles, rows: rows, columns: columns)) < 4e-6)
        #expect(largestDifference(dx.map(Double.init), naiveSoftmaxBackward(input: doubles, outputGradient: dy.map(Double.init),
                                                                          rows: rows, columns: columns)) < 3e-5)
    }

    /// Causal rows in Float: the future entries are exactly 0 and each row sums to 1 (added in Double) within the
    /// kernel's roundings, ≤ 13 in the row's total, 1 in its inverse and 1 per product: 15·2⁻²⁴ ≈ 9e-7 < 1e-6; for
    /// 13 tokens (a group of 8 and a partial one).
    @Test func causalAttentionInFloatMasksTheFuture() {
        let shape = AttentionShape(batch: 2, tokens: 13, channels: 8, heads: 2, causal: true)
        let qkv: [Float] = randomValues(2 * 13 * 24, seed: 15).map(Float.init)
        var saved = AttentionSaved<Float>(), output: [Float] = []
        attentionForward(qkv: qkv, shape: shape, saved: &saved, output: &output)
        for row in 0..<(2 * 2 * 13) {
            let query = row % 13, p = saved.probabilities[row * 13..<(row + 1) * 13]
            #expect(p.dropFirst(query + 1).allSatisfy { $0 == 0 })
            #expect(abs(p.reduce(0.0) { $0 + Double($1) } - 1) < 1e-6)
        }
    }
}
