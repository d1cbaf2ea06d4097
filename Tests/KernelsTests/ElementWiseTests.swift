import Testing
@testable import Kernels

@Suite("Element-wise kernels")
struct ElementWiseTests {
    @Test func reluPassesPositivesOnly() {
        var output: [Float] = [], gradient: [Float] = []
        reluForward([-2, 0, 3], output: &output)
        #expect(output == [0, 0, 3])
        var nan: [Float] = []
        reluForward([.nan], output: &nan)
        #expect(nan[0].isNaN)  // torch.relu(nan) is nan
        // PyTorch's convention: the gradient at exactly 0 is 0.
        reluBackward(output: output, outputGradient: [10, 20, 30], inputGradient: &gradient)
        #expect(gradient == [0, 0, 30])
    }

    /// Split across workers, ReLU gives the same numbers (each element is computed alone).
    @Test func reluWithWorkers() {
        let input: [Float] = wholeNumbers(1001)
        var single: [Float] = [], split: [Float] = [], singleGradient: [Float] = [], splitGradient: [Float] = []
        reluForward(input, output: &single)
        reluBackward(output: single, outputGradient: input, inputGradient: &singleGradient)
        KernelWorkers.$count.withValue(2) {
            reluForward(input, output: &split)
            reluBackward(output: split, outputGradient: input, inputGradient: &splitGradient)
        }
        #expect(single == split && singleGradient == splitGradient)
        #expect(single == input.map { max($0, 0) })
    }

    /// adamUpdate is element-wise, so splitting it across workers changes no number.
    @Test func adamUpdateWithWorkers() {
        func run(workers: Int) -> [Float] {
            var parameters: [Float] = wholeNumbers(1001), first: [Float] = wholeNumbers(1001, seed: 2)
            var second = [Float](wholeNumbers(1001, seed: 3)).map { $0 * $0 }
            KernelWorkers.$count.withValue(workers) {
                adamUpdate(count: 1001, parameters: &parameters, gradients: wholeNumbers(1001, seed: 4), firstMoment: &first,
                           secondMoment: &second, firstWeight: 0.1, beta2: 0.999, secondWeight: 0.001, epsilon: 1e-8, l2WeightDecay: 0.01,
                           decoupledDecayFactor: 1, stepSize: 1e-3, biasCorrection2Root: 0.5)
            }
            return parameters + first + second
        }
        #expect(run(workers: 1) == run(workers: 2))
    }

    @Test func maskScalesKeptElements() {
        var output: [Double] = []
        applyMask([1, 2, 3, 4], keep: [1, 0, 0, 1], scale: 2, output: &output)
        #expect(output == [2, 0, 0, 8])
    }

    @Test func addAndFill() {
        var sum: [Double] = []
        add([1, 2], [3, 4], into: &sum)
        #expect(sum == [4, 6])
        fill(&sum, with: 0)
        #expect(sum == [0, 0])
    }
}
