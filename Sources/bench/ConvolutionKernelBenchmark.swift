import Kernels

/// Why the small ResNet's 3×3 convolutions at stride 1 run the direct kernel: each of its shapes (batch 64) timed
/// through im2col + sgemm (`convolutionForward`/`convolutionBackward`, the path every other shape takes) and
/// through `directConvolutionForward`/`directConvolutionBackward`, on one thread (BLAS 1 thread, 1 worker).
/// Prints GFLOP/s per direction (forward; backward = the weight and input gradients) and the direct kernel's share
/// of the measured FMA peak.
func printConvolutionKernels(repeats: Int, peak: Double?) {
    BLASThreads.with(1) { KernelWorkers.$count.withValue(1) { printConvolutionKernelsOnOneThread(repeats: repeats, peak: peak) } }
}

private func printConvolutionKernelsOnOneThread(repeats: Int, peak: Double?) {
    // (layer, input channels, height = width, output channels)
    // (The 1-channel stem stays on im2col: see `WindowGeometry.suitsDirectConvolution`.)
    let shapes: [(String, Int, Int, Int)] = [
        ("layer1 16→16 at 28²", 16, 28, 16), ("layer2 32→32 at 14²", 32, 14, 32), ("layer3 64→64 at 7²", 64, 7, 64),
    ]
    print("\n3×3 stride-1 convolutions, batch 64, 1 thread, GFLOP/s:      forward: im2col+sgemm  direct   "
          + "backward: im2col+sgemm  direct   (direct, share of the peak)")
    for (label, channels, side, outputChannels) in shapes {
        let g = WindowGeometry(batch: 64, channels: channels, height: side, width: side, kernelHeight: 3,
                               kernelWidth: 3, stride: 1, padding: 1)
        let input = (0..<g.inputCount).map { Float($0 % 17) / 17 - 0.5 }
        let weight = (0..<outputChannels * g.patchSize).map { Float($0 % 13) / 13 - 0.5 }
        let outputGradient = (0..<g.batch * outputChannels * g.outputPlane).map { Float($0 % 11) / 11 - 0.5 }
        var weightGradient = [Float](repeating: 0, count: weight.count), inputGradientBuffer: [Float] = []
        var output: [Float] = []
        var workspace = ConvolutionWorkspace<Float>(), direct = DirectConvolutionWorkspace()
        let flops = 2 * Double(g.batch * outputChannels * g.patchSize * g.outputPlane)
        let backwardFlops = 2 * flops  // the weight and the input gradient
        let seconds = weight.withUnsafeBufferPointer { w in
            weightGradient.withUnsafeMutableBufferPointer { dw in
                [
                    bestSecondsPerCall(repeats: repeats, iterations: 2) {
                        convolutionForward(g, outputChannels: outputChannels, input: input, weight: w.baseAddress!,
                                           bias: nil, workspace: &workspace, output: &output)
                    },
                    bestSecondsPerCall(repeats: repeats, iterations: 2) {
                        directConvolutionForward(g, outputChannels: outputChannels, input: input, weight: w.baseAddress!,
                                                 bias: nil, workspace: &direct, output: &output)
                    },
                    bestSecondsPerCall(repeats: repeats, iterations: 2) {
                        convolutionBackward(g, outputChannels: outputChannels, input: input, outputGradient: outputGradient,
                                            weight: w.baseAddress!, workspace: &workspace, weightGradient: dw.baseAddress,
                                            biasGradient: nil, computeInputGradient: true,
                                            inputGradient: &inputGradientBuffer)
                    },
                    bestSecondsPerCall(repeats: repeats, iterations: 2) {
                        directConvolutionBackward(g, outputChannels: outputChannels, input: input,
                                                  outputGradient: outputGradient, weight: w.baseAddress!,
                                                  workspace: &direct, weightGradient: dw.baseAddress, biasGradient: nil,
                                                  computeInputGradient: true, inputGradient: &inputGradientBuffer)
                    },
                ]
            }
        }
        let rates = [flops / seconds[0], flops / seconds[1], backwardFlops / seconds[2], backwardFlops / seconds[3]]
            .map { $0 / 1e9 }
        let share = peak.map { String(format: "   (%2.0f%%, %2.0f%%)", 100 * rates[1] / $0, 100 * rates[3] / $0) } ?? ""
        print("  " + label.padding(toLength: 58, withPad: " ", startingAt: 0)
              + String(format: "%8.1f  %8.1f              %8.1f  %8.1f", rates[0], rates[1], rates[2], rates[3]) + share)
    }
}
