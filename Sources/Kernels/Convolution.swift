/// What a convolution keeps between its forward and backward pass, and reuses from step to step.
public struct ConvolutionWorkspace<Scalar: KernelScalar>: Sendable {
    /// im2col(input) after the forward pass, [N, C·KH·KW, OH·OW]: the weight gradient needs it.
    public var columns: [Scalar] = []
    /// One [C·KH·KW, OH·OW] matrix per worker: an image's column gradient, turned into its input gradient at once
    /// while it is still in cache.
    var columnGradients: [Scalar] = []
    /// With several workers, one weight gradient [OC, C·KH·KW] and one bias gradient [OC] per worker, added up in
    /// worker order at the end (with one worker the gradients accumulate in place).
    var partialWeightGradients: [Scalar] = []
    var partialBiasGradients: [Scalar] = []

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

/// A 2-D convolution (cross-correlation, as PyTorch's Conv2d): per image, im2col then one GEMM.
///
/// input [N, C, H, W]; weight [OC, C, KH, KW] (read as the matrix [OC, C·KH·KW]); bias [OC] or empty for none;
/// output [N, OC, OH, OW]. For each image n: columns[n] = im2col(input[n]) [C·KH·KW, OH·OW], then
/// output[n] = weight·columns[n] + bias [OC, OH·OW], which is already NCHW. Per image rather than one GEMM over
/// the batch, because the image's columns are still in cache when its GEMM reads them, and no reordering pass
/// is needed (measured faster here; see the bench). Images are split across `KernelWorkers.count` workers.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func convolutionForward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], weight: [Scalar], bias: [Scalar],
    workspace: inout ConvolutionWorkspace<Scalar>, output: inout [Scalar]
) {
    precondition(input.count == g.inputCount, "convolutionForward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    precondition(weight.count == outputChannels * g.patchSize && (bias.isEmpty || bias.count == outputChannels),
                 "convolutionForward: weight \(weight.count) / bias \(bias.count) do not fit \(outputChannels) filters")
    ensureCount(&workspace.columns, g.patchSize * g.patchCount)
    ensureCount(&output, g.batch * outputChannels * g.outputPlane)
    let patchSize = g.patchSize, plane = g.outputPlane
    input.withUnsafeBufferPointer { input in
        weight.withUnsafeBufferPointer { weight in
            bias.withUnsafeBufferPointer { bias in
                workspace.columns.withUnsafeMutableBufferPointer { columns in
                    output.withUnsafeMutableBufferPointer { output in
                        // An empty array may still have a base address: test emptiness, not nil.
                        let x = input.baseAddress!, w = weight.baseAddress!, b = bias.isEmpty ? nil : bias.baseAddress
                        let cols = columns.baseAddress!, y = output.baseAddress!
                        parallelChunks(g.batch) { images, _ in
                            for n in images {
                                let imageColumns = cols + n &* patchSize &* plane
                                let imageOutput = y + n &* outputChannels &* plane
                                im2colImage(g, image: x + n &* g.channels &* g.inputPlane, columns: imageColumns)
                                Scalar.blasGemm(transposeA: false, transposeB: false, m: outputChannels, n: plane,
                                                k: patchSize, alpha: 1, a: w, lda: patchSize, b: imageColumns,
                                                ldb: plane, beta: 0, c: imageOutput, ldc: plane)
                                if let b {
                                    for oc in 0..<outputChannels {
                                        let row = imageOutput + oc &* plane, shift = b[oc]
                                        for p in 0..<plane { row[p] += shift }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The backward pass of `convolutionForward`, which must have run on the same geometry just before.
///
/// outputGradient dY [N, OC, OH, OW]; weight [OC, C, KH, KW]. Per image n: adds ∂L/∂weight += dY[n]·columns[n]ᵀ
/// ([OC, P]·[P, C·KH·KW]) and ∂L/∂bias += Σ_p dY[n] (accumulating, as PyTorch), and writes
/// ∂L/∂input[n] = col2im(weightᵀ·dY[n]) ([C·KH·KW, OC]·[OC, P]) into `inputGradient` [N, C, H, W]; each only if asked.
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
    let wantsWeight = gradients.contains(.weight), wantsBias = gradients.contains(.bias)
    let wantsInput = gradients.contains(.input)
    precondition(!wantsWeight || weightGradient.count == weight.count, "convolutionBackward: weight gradient size")
    precondition(!wantsBias || biasGradient.count == outputChannels, "convolutionBackward: bias gradient size")
    let workers = max(1, min(KernelWorkers.count, g.batch))
    let patchSize = g.patchSize, plane = g.outputPlane, weightCount = weight.count
    if wantsInput {
        ensureCount(&inputGradient, g.inputCount)
        ensureCount(&workspace.columnGradients, workers * patchSize * plane)
    }
    // With one worker the gradients accumulate in place; with several, each worker sums into its own zeroed copy.
    if workers > 1 {
        ensureCount(&workspace.partialWeightGradients, workers * weightCount)
        ensureCount(&workspace.partialBiasGradients, workers * outputChannels)
        fill(&workspace.partialWeightGradients, with: 0)
        fill(&workspace.partialBiasGradients, with: 0)
    }
    outputGradient.withUnsafeBufferPointer { dy in
    weight.withUnsafeBufferPointer { w in
    workspace.columns.withUnsafeBufferPointer { columns in
    workspace.columnGradients.withUnsafeMutableBufferPointer { scratch in
    workspace.partialWeightGradients.withUnsafeMutableBufferPointer { partialWeights in
    workspace.partialBiasGradients.withUnsafeMutableBufferPointer { partialBiases in
    weightGradient.withUnsafeMutableBufferPointer { dw in
    biasGradient.withUnsafeMutableBufferPointer { db in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        parallelChunks(g.batch) { images, worker in
            let weightSum = workers > 1 ? partialWeights.baseAddress! + worker &* weightCount : dw.baseAddress
            let biasSum = workers > 1 ? partialBiases.baseAddress! + worker &* outputChannels : db.baseAddress
            for n in images {
                let imageGradient = dy.baseAddress! + n &* outputChannels &* plane
                if wantsBias, let biasSum {
                    for oc in 0..<outputChannels {
                        let row = imageGradient + oc &* plane
                        var total: Scalar = 0
                        for p in 0..<plane { total += row[p] }
                        biasSum[oc] += total
                    }
                }
                if wantsWeight, let weightSum {
                    Scalar.blasGemm(transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: plane,
                                    alpha: 1, a: imageGradient, lda: plane,
                                    b: columns.baseAddress! + n &* patchSize &* plane, ldb: plane,
                                    beta: 1, c: weightSum, ldc: patchSize)
                }
                if wantsInput {
                    let columnGradient = scratch.baseAddress! + worker &* patchSize &* plane
                    Scalar.blasGemm(transposeA: true, transposeB: false, m: patchSize, n: plane, k: outputChannels,
                                    alpha: 1, a: w.baseAddress!, lda: patchSize, b: imageGradient, ldb: plane,
                                    beta: 0, c: columnGradient, ldc: plane)
                    col2imImage(g, columns: columnGradient, imageGradient: dx.baseAddress! + n &* g.channels &* g.inputPlane)
                }
            }
        }
        guard workers > 1 else { return }
        for worker in 0..<workers {
            if wantsWeight {
                let partial = partialWeights.baseAddress! + worker &* weightCount
                for i in 0..<weightCount { dw[i] += partial[i] }
            }
            if wantsBias {
                let partial = partialBiases.baseAddress! + worker &* outputChannels
                for i in 0..<outputChannels { db[i] += partial[i] }
            }
        }
    }}}}}}}}}
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
