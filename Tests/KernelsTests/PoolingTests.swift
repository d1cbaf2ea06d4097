import Testing
@testable import Kernels

@Suite("Pooling against the naive twins")
struct PoolingTests {
    /// Max pooling on every small geometry (padding at most half the kernel, as PyTorch requires). Random whole
    /// numbers in [−4, 4] produce many ties: both versions must pick the first maximum in row-major order, and the
    /// backward pass of whole-number gradients is exact.
    func compareMax<Scalar: KernelScalar>(_: Scalar.Type) {
        for g in smallGeometries(poolingPadding: true) {
            let input: [Scalar] = wholeNumbers(g.inputCount)
            var output: [Scalar] = [], argmax: [Int32] = []
            maxPoolForward(g, input: input, output: &output, argmax: &argmax)
            let naive = naiveMaxPoolForward(g, input: input)
            #expect(output == naive.output, "max pool forward \(g)")
            #expect(argmax == naive.argmax, "max pool argmax \(g)")

            let outputGradient: [Scalar] = wholeNumbers(output.count, seed: 5)
            var inputGradient: [Scalar] = []
            maxPoolBackward(g, outputGradient: outputGradient, argmax: argmax, inputGradient: &inputGradient)
            #expect(inputGradient == naiveMaxPoolBackward(g, outputGradient: outputGradient, argmax: argmax),
                    "max pool backward \(g)")
        }
    }

    /// Average pooling on every small geometry. The fast version sums the window, then multiplies by 1/(KH·KW); the
    /// naive one adds x/(KH·KW) term by term. Each of the ≤ KH·KW + 1 roundings is at most half an ulp of a value
    /// ≤ the largest |x| = 4, so the two differ by at most (KH·KW + 1)·ε·4; the check allows twice that.
    func compareAverage<Scalar: KernelScalar>(_: Scalar.Type) {
        for g in smallGeometries(poolingPadding: true) {
            let tolerance = 2 * Scalar(g.kernelHeight * g.kernelWidth + 1) * .ulpOfOne * 4
            let input: [Scalar] = wholeNumbers(g.inputCount)
            var output: [Scalar] = []
            averagePoolForward(g, input: input, output: &output)
            let naive = naiveAveragePoolForward(g, input: input)
            #expect(zip(output, naive).allSatisfy { abs($0 - $1) <= tolerance }, "average pool forward \(g)")

            let outputGradient: [Scalar] = wholeNumbers(output.count, seed: 5)
            var inputGradient: [Scalar] = []
            averagePoolBackward(g, outputGradient: outputGradient, inputGradient: &inputGradient)
            let naiveGradient = naiveAveragePoolBackward(g, outputGradient: outputGradient)
            // Each input pixel sums at most KH·KW shares, each rounded once more in the naive version.
            #expect(zip(inputGradient, naiveGradient).allSatisfy { abs($0 - $1) <= tolerance },
                    "average pool backward \(g)")
        }
    }

    @Test func maxFloatMatchesNaive() { compareMax(Float.self) }
    @Test func maxDoubleMatchesNaive() { compareMax(Double.self) }
    @Test func averageFloatMatchesNaive() { compareAverage(Float.self) }
    @Test func averageDoubleMatchesNaive() { compareAverage(Double.self) }

    /// The planes split across 3 workers: every plane is computed the same way, so the same checks hold.
    @Test func workersMatchNaive() {
        KernelWorkers.$count.withValue(3) {
            compareMax(Float.self)
            compareAverage(Double.self)
        }
    }

    /// NaN follows PyTorch's rule (a NaN wins its window, and a later NaN replaces an earlier one) on the 2×2 fast
    /// path and the general path alike: every placement of one or two NaNs in a 2×2 window, against the naive twin.
    @Test func nanRules() {
        let g = WindowGeometry(batch: 1, channels: 1, height: 2, width: 2, kernelHeight: 2, kernelWidth: 2, stride: 2)
        let general = WindowGeometry(batch: 1, channels: 1, height: 2, width: 2, kernelHeight: 2, kernelWidth: 2,
                                     stride: 1)
        for first in 0..<4 {
            for second in first..<4 {
                var input: [Float] = [1, 4, 2, 3]
                input[first] = .nan
                input[second] = .nan
                for geometry in [g, general] {
                    var output: [Float] = [], argmax: [Int32] = []
                    maxPoolForward(geometry, input: input, output: &output, argmax: &argmax)
                    let naive = naiveMaxPoolForward(geometry, input: input)
                    #expect(output[0].isNaN && naive.output[0].isNaN)
                    #expect(argmax == naive.argmax && argmax == [Int32(second)], "NaN at \(first), \(second)")
                }
            }
        }
    }

    /// 2×2 max pooling of [[1, 5], [7, 3]] is 7 at position 2 (row 1, column 0); padding is −∞, never zero:
    /// an all-negative image with padding 1 still pools to its own values.
    @Test func handWorkedMaxPool() {
        let g = WindowGeometry(batch: 1, channels: 1, height: 2, width: 2, kernelHeight: 2, kernelWidth: 2, stride: 2)
        var output: [Float] = [], argmax: [Int32] = []
        maxPoolForward(g, input: [1, 5, 7, 3], output: &output, argmax: &argmax)
        #expect(output == [7] && argmax == [2])
        let padded = WindowGeometry(batch: 1, channels: 1, height: 2, width: 2, kernelHeight: 2, kernelWidth: 2,
                                    stride: 2, padding: 1)
        maxPoolForward(padded, input: [-1, -5, -7, -3], output: &output, argmax: &argmax)
        #expect(output == [-1, -5, -7, -3])
    }
}
