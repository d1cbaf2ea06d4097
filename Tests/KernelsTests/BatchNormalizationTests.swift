import Testing
@testable import Kernels

@Suite("BatchNorm kernels against their naive twins")
struct BatchNormalizationTests {
    /// Batch statistics, several shapes, random values in Double. The fast and naive versions add the same terms
    /// in other orders (the naive backward even by another formula, the full Jacobian), so they differ by rounding:
    /// sums of at most M = 24 terms of size ≲ 10 carry errors ≲ 24·10·ε ≈ 5e-14; 1e-11 leaves a wide margin while
    /// any wrong term (a missing 1/M, a wrong x̂) shows up at 1e-2 or more.
    @Test(arguments: [(1, 1, 2), (2, 3, 4), (4, 2, 6), (3, 1, 1)])
    func matchesNaive(batch: Int, channels: Int, plane: Int) {
        let count = batch * channels * plane
        var state: UInt64 = 7
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1p-53 * 4 - 2
        }
        let input = (0..<count).map { _ in random() }, outputGradient = (0..<count).map { _ in random() }
        let gamma = (0..<channels).map { _ in random() }, beta = (0..<channels).map { _ in random() }
        var runningMean = [Double](repeating: 0, count: channels), runningVariance = [Double](repeating: 1, count: channels)
        var saved = BatchNormSaved<Double>(), output: [Double] = []
        batchNormForward(input: input, batch: batch, channels: channels, plane: plane, gamma: gamma, beta: beta,
                         runningMean: &runningMean, runningVariance: &runningVariance, momentum: 0.1, epsilon: 1e-5,
                         useBatchStatistics: true, saved: &saved, output: &output)
        let naiveOutput = naiveBatchNormForward(input: input, batch: batch, channels: channels, plane: plane,
                                                gamma: gamma, beta: beta, epsilon: 1e-5)
        #expect(zip(output, naiveOutput).allSatisfy { abs($0 - $1) < 1e-11 })

        var gammaGradient = [Double](repeating: 0, count: channels), betaGradient = gammaGradient
        var inputGradient: [Double] = []
        batchNormBackward(outputGradient: outputGradient, batch: batch, channels: channels, plane: plane, gamma: gamma,
                          saved: saved, useBatchStatistics: true, gammaGradient: &gammaGradient,
                          betaGradient: &betaGradient, inputGradient: &inputGradient)
        let naive = naiveBatchNormBackward(input: input, outputGradient: outputGradient, batch: batch,
                                           channels: channels, plane: plane, gamma: gamma, epsilon: 1e-5)
        #expect(zip(inputGradient, naive.input).allSatisfy { abs($0 - $1) < 1e-11 })
        #expect(zip(gammaGradient, naive.gamma).allSatisfy { abs($0 - $1) < 1e-11 })
        #expect(zip(betaGradient, naive.beta).allSatisfy { abs($0 - $1) < 1e-11 })
    }
}
