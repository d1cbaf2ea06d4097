/// What a convolution keeps between its forward and backward pass, and reuses from step to step.
public struct ConvolutionWorkspace<Scalar: KernelScalar>: Sendable {
    /// im2col(input) after the forward pass: [channels·KH·KW, batch·OH·OW]. The backward pass needs it for the
    /// weight gradient, then overwrites it with the gradient of the columns.
    public var columns: [Scalar] = []
    /// A channel-major matrix [outputChannels, batch·OH·OW]: the GEMM's product in forward, the reordered output
    /// gradient in backward.
    public var channelMajor: [Scalar] = []

    public init() {}
}

/// Which gradients `convolutionBackward` computes. A frozen weight skips its GEMM; the first layer of a network
/// skips the input gradient (nobody reads it).
public struct ConvolutionGradients: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let weight = ConvolutionGradients(rawValue: 1)
    public static let bias = ConvolutionGradients(rawValue: 2)
    public static let input = ConvolutionGradients(rawValue: 4)
}

/// A 2-D convolution (cross-correlation, as PyTorch's Conv2d) of a whole batch: batched im2col, then ONE GEMM.
///
/// input [N, C, H, W]; weight [OC, C, KH, KW] (read as the matrix [OC, C·KH·KW]); bias [OC] or empty for none;
/// output [N, OC, OH, OW]. Steps: columns = im2col(input) [C·KH·KW, N·OH·OW]; product = weight·columns
/// [OC, N·OH·OW]; output[n, oc, p] = product[oc, n·OH·OW + p] + bias[oc]. The columns stay in `workspace` for backward.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func convolutionForward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], weight: [Scalar], bias: [Scalar],
    workspace: inout ConvolutionWorkspace<Scalar>, output: inout [Scalar]
) {
    precondition(weight.count == outputChannels * g.patchSize && (bias.isEmpty || bias.count == outputChannels),
                 "convolutionForward: weight \(weight.count) / bias \(bias.count) do not fit \(outputChannels) filters")
    im2col(g, input: input, columns: &workspace.columns)
    ensureCount(&workspace.channelMajor, outputChannels * g.patchCount)
    gemm(m: outputChannels, n: g.patchCount, k: g.patchSize, weight, workspace.columns, into: &workspace.channelMajor)
    ensureCount(&output, g.batch * outputChannels * g.outputPlane)
    channelMajorToBatchMajor(workspace.channelMajor, bias: bias, channels: outputChannels, batch: g.batch,
                             plane: g.outputPlane, into: &output)
}

/// The backward pass of `convolutionForward`, which must have run on the same geometry just before.
///
/// outputGradient [N, OC, OH, OW]; weight [OC, C, KH, KW]. Adds ∂L/∂weight = dY·columnsᵀ ([OC, N·P]·[N·P, C·KH·KW])
/// into `weightGradient` and ∂L/∂bias = Σ_{n,p} dY into `biasGradient` (accumulating, as PyTorch), and writes
/// ∂L/∂input = col2im(weightᵀ·dY) ([C·KH·KW, OC]·[OC, N·P]) into `inputGradient` [N, C, H, W], each only if asked.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func convolutionBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, outputGradient: [Scalar], weight: [Scalar],
    workspace: inout ConvolutionWorkspace<Scalar>, computing gradients: ConvolutionGradients,
    weightGradient: inout [Scalar], biasGradient: inout [Scalar], inputGradient: inout [Scalar]
) {
    precondition(outputGradient.count == g.batch * outputChannels * g.outputPlane,
                 "convolutionBackward: output gradient has \(outputGradient.count) elements")
    precondition(workspace.columns.count == g.patchSize * g.patchCount,
                 "convolutionBackward: no forward pass on this geometry before")
    if gradients.contains(.bias) {
        accumulateChannelSums(outputGradient, channels: outputChannels, batch: g.batch, plane: g.outputPlane,
                              into: &biasGradient)
    }
    guard gradients.contains(.weight) || gradients.contains(.input) else { return }
    ensureCount(&workspace.channelMajor, outputChannels * g.patchCount)
    batchMajorToChannelMajor(outputGradient, channels: outputChannels, batch: g.batch, plane: g.outputPlane,
                             into: &workspace.channelMajor)
    if gradients.contains(.weight) {
        gemm(transposeB: true, m: outputChannels, n: g.patchSize, k: g.patchCount,
             workspace.channelMajor, workspace.columns, beta: 1, into: &weightGradient)
    }
    if gradients.contains(.input) {
        // The columns are no longer needed: their buffer receives the columns' gradient.
        gemm(transposeA: true, m: g.patchSize, n: g.patchCount, k: outputChannels,
             weight, workspace.channelMajor, into: &workspace.columns)
        col2im(g, columns: workspace.columns, inputGradient: &inputGradient)
    }
}

/// [C, N·P] → [N, C, P], adding bias[c] to every element of channel c (no bias when `bias` is empty).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func channelMajorToBatchMajor<Scalar: KernelScalar>(
    _ source: [Scalar], bias: [Scalar], channels: Int, batch: Int, plane: Int, into destination: inout [Scalar]
) {
    source.withUnsafeBufferPointer { source in
        destination.withUnsafeMutableBufferPointer { destination in
            for c in 0..<channels {
                let shift: Scalar = bias.isEmpty ? 0 : bias[c]
                for n in 0..<batch {
                    let from = source.baseAddress! + (c &* batch &+ n) &* plane
                    let to = destination.baseAddress! + (n &* channels &+ c) &* plane
                    for p in 0..<plane { to[p] = from[p] + shift }
                }
            }
        }
    }
}

/// [N, C, P] → [C, N·P].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func batchMajorToChannelMajor<Scalar: KernelScalar>(
    _ source: [Scalar], channels: Int, batch: Int, plane: Int, into destination: inout [Scalar]
) {
    source.withUnsafeBufferPointer { source in
        destination.withUnsafeMutableBufferPointer { destination in
            for n in 0..<batch {
                for c in 0..<channels {
                    (destination.baseAddress! + (c &* batch &+ n) &* plane)
                        .update(from: source.baseAddress! + (n &* channels &+ c) &* plane, count: plane)
                }
            }
        }
    }
}

/// sums[c] += Σ_{n, p} values[n, c, p] for values [N, C, P]: the bias gradient of a convolution (P = OH·OW) or of
/// a linear layer (P = 1), and BatchNorm's β gradient.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func accumulateChannelSums<Scalar: KernelScalar>(
    _ values: [Scalar], channels: Int, batch: Int, plane: Int, into sums: inout [Scalar]
) {
    precondition(values.count == batch * channels * plane && sums.count == channels,
                 "accumulateChannelSums: \(values.count) values, \(sums.count) sums for \(batch)×\(channels)×\(plane)")
    values.withUnsafeBufferPointer { values in
        sums.withUnsafeMutableBufferPointer { sums in
            for n in 0..<batch {
                for c in 0..<channels {
                    let row = values.baseAddress! + (n &* channels &+ c) &* plane
                    var total: Scalar = 0
                    for p in 0..<plane { total += row[p] }
                    sums[c] += total
                }
            }
        }
    }
}

/// The naive twin of `convolutionForward`: seven nested loops over the definition
/// `y[n, oc, oh, ow] = bias[oc] + Σ_{c, kh, kw} w[oc, c, kh, kw]·x[n, c, oh·s − p + kh, ow·s − p + kw]`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveConvolutionForward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], weight: [Scalar], bias: [Scalar]
) -> [Scalar] {
    var output = [Scalar](repeating: 0, count: g.batch * outputChannels * g.outputPlane)
    for n in 0..<g.batch {
        for oc in 0..<outputChannels {
            for p in 0..<g.outputPlane {
                output[(n * outputChannels + oc) * g.outputPlane + p] = bias.isEmpty ? 0 : bias[oc]
            }
        }
    }
    forEachTap(g) { n, c, kh, kw, oh, ow, ih, iw in
        let x = input[((n * g.channels + c) * g.height + ih) * g.width + iw]
        for oc in 0..<outputChannels {
            let w = weight[((oc * g.channels + c) * g.kernelHeight + kh) * g.kernelWidth + kw]
            output[((n * outputChannels + oc) * g.outputHeight + oh) * g.outputWidth + ow] += w * x
        }
    }
    return output
}

/// The naive twin of `convolutionBackward`: the three gradients from the definition, one tap at a time
/// (fresh arrays, nothing accumulated).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveConvolutionBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], weight: [Scalar], outputGradient: [Scalar]
) -> (weight: [Scalar], bias: [Scalar], input: [Scalar]) {
    var weightGradient = [Scalar](repeating: 0, count: weight.count)
    var biasGradient = [Scalar](repeating: 0, count: outputChannels)
    var inputGradient = [Scalar](repeating: 0, count: input.count)
    for n in 0..<g.batch {
        for oc in 0..<outputChannels {
            for p in 0..<g.outputPlane { biasGradient[oc] += outputGradient[(n * outputChannels + oc) * g.outputPlane + p] }
        }
    }
    forEachTap(g) { n, c, kh, kw, oh, ow, ih, iw in
        let xIndex = ((n * g.channels + c) * g.height + ih) * g.width + iw
        for oc in 0..<outputChannels {
            let wIndex = ((oc * g.channels + c) * g.kernelHeight + kh) * g.kernelWidth + kw
            let dy = outputGradient[((n * outputChannels + oc) * g.outputHeight + oh) * g.outputWidth + ow]
            weightGradient[wIndex] += dy * input[xIndex]
            inputGradient[xIndex] += dy * weight[wIndex]
        }
    }
    return (weightGradient, biasGradient, inputGradient)
}
