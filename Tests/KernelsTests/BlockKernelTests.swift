import Testing
@testable import Kernels

/// The kernels of the ResNet and DenseNet blocks against their naive twins, on whole numbers (exact in Float, so
/// any difference is a bug), with one and with two kernel workers.
@Suite("Residual and concatenation kernels")
struct BlockKernelTests {
    /// relu(a + b) in one pass equals `add` then `reluForward`; NaN stays NaN.
    @Test(arguments: [1, 2])
    func residualReLUIsAddThenReLU(workers: Int) {
        let (a, b): ([Float], [Float]) = (wholeNumbers(1001), wholeNumbers(1001, seed: 2))
        var fused: [Float] = [], sum: [Float] = [], twin: [Float] = []
        KernelWorkers.$count.withValue(workers) { residualReLUForward(body: a, shortcut: b, output: &fused) }
        add(a, b, into: &sum)
        reluForward(sum, output: &twin)
        #expect(fused == twin)
        var nan: [Float] = []
        residualReLUForward(body: [.nan, -1], shortcut: [1, 0.5], output: &nan)
        #expect(nan[0].isNaN && nan[1] == 0)
    }

    /// [N, A, P] and [N, B, P] side by side per image, as torch.cat(dim=1).
    @Test(arguments: [1, 2])
    func concatenationMatchesItsTwin(workers: Int) {
        let (batch, a, b, plane) = (3, 2, 5, 7)
        let first: [Float] = wholeNumbers(batch * a * plane), second: [Float] = wholeNumbers(batch * b * plane, seed: 3)
        var output: [Float] = []
        KernelWorkers.$count.withValue(workers) {
            concatenateChannels(first, channels: a, second, channels: b, batch: batch, plane: plane, into: &output)
        }
        #expect(output == naiveConcatenateChannels(first, channels: a, second, channels: b, batch: batch, plane: plane))
        #expect(Array(output[0..<(a * plane)]) == Array(first[0..<(a * plane)]))
    }

    /// The backward pass: the trailing channels of the output gradient are the body's; the leading ones plus the
    /// body's input gradient are the input's. Checked against the definition through the naive twin: for
    /// y = cat(x, f), dL/dx = dy[:, :A] + (dL/dx through f).
    @Test(arguments: [1, 2])
    func concatenationBackwardSplitsTheGradient(workers: Int) {
        let (batch, a, b, plane) = (3, 4, 2, 5)
        let leading: [Float] = wholeNumbers(batch * a * plane), trailing: [Float] = wholeNumbers(batch * b * plane, seed: 5)
        let gradient = naiveConcatenateChannels(leading, channels: a, trailing, channels: b, batch: batch, plane: plane)
        let throughBody: [Float] = wholeNumbers(batch * a * plane, seed: 6)
        var bodyPart: [Float] = [], inputGradient: [Float] = []
        KernelWorkers.$count.withValue(workers) {
            trailingChannels(of: gradient, leading: a, trailing: b, batch: batch, plane: plane, into: &bodyPart)
            concatenationInputGradient(outputGradient: gradient, bodyInputGradient: throughBody, channels: a,
                                       secondChannels: b, batch: batch, plane: plane, inputGradient: &inputGradient)
        }
        #expect(bodyPart == trailing)
        #expect(inputGradient == zip(leading, throughBody).map { $0 + $1 })
    }
}
