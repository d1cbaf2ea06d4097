import Testing
@testable import Kernels

@Suite("BatchNorm kernels against their naive twins")
struct BatchNormalizationTests {
    /// Batch statistics, several shapes, random values in Double. The fast and naive versions add the same terms
    /// in other orders (the naive backward even by another formula, the full Jacobian), so they differ by rounding:
    /// sums of at most M = 24 terms of size ≲ 10 carry errors ≲ 24·10·ε ≈ 5e-14; 1e-11 leaves a wide margin while
    /// any wrong term (a missing 1/M, a wrong x̂) shows up at 1e-2 or more.
    /// Planes of 17 and 49 take the eight-way partial sums and their remainder loops (M up to 147 terms: errors
    /// ≲ 147·10·ε ≈ 3e-13, still far inside 1e-11).
    @Test(arguments: [(1, 1, 2), (2, 3, 4), (4, 2, 6), (3, 1, 1), (2, 3, 17), (3, 2, 49)])
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

    /// Channels split across workers: each channel is computed the same way by whichever worker, so the numbers
    /// are bitwise those of one worker.
    @Test func workersGiveTheSameNumbers() {
        let (batch, channels, plane) = (3, 5, 29)
        let input: [Float] = (0..<(batch * channels * plane)).map { Float(($0 * 37) % 101) / 17 - 2 }
        let gamma: [Float] = (0..<channels).map { 1 + Float($0) / 10 }, beta: [Float] = (0..<channels).map { Float($0) / 5 }
        func run(workers: Int) -> [Float] {
            var mean = [Float](repeating: 0, count: channels), variance = [Float](repeating: 1, count: channels)
            var saved = BatchNormSaved<Float>(), output: [Float] = [], dx: [Float] = []
            var dGamma = [Float](repeating: 0, count: channels), dBeta = dGamma
            KernelWorkers.$count.withValue(workers) {
                batchNormForward(input: input, batch: batch, channels: channels, plane: plane, gamma: gamma, beta: beta,
                                 runningMean: &mean, runningVariance: &variance, momentum: 0.1, epsilon: 1e-5,
                                 useBatchStatistics: true, saved: &saved, output: &output)
                batchNormBackward(outputGradient: input, batch: batch, channels: channels, plane: plane, gamma: gamma,
                                  saved: saved, useBatchStatistics: true, gammaGradient: &dGamma, betaGradient: &dBeta,
                                  inputGradient: &dx)
            }
            return output + dx + dGamma + dBeta + mean + variance
        }
        #expect(run(workers: 1) == run(workers: 2))
    }
}
