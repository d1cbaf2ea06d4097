/// What a convolution keeps between its forward and backward pass, and reuses from step to step.
public struct ConvolutionWorkspace<Scalar: KernelScalar>: Sendable {
    /// im2col(input) after the forward pass, one [C·KH·KW, G·OH·OW] matrix per group of images (see `im2col`):
    /// the weight gradient needs it.
    public var columns: [Scalar] = []
    /// One [OC, G·OH·OW] matrix per worker: a group's GEMM product in forward, its output gradient gathered in
    /// backward (unused when groups hold one image: then the GEMMs work on the NCHW tensors directly).
    var groupProducts: [Scalar] = []
    /// One [C·KH·KW, G·OH·OW] matrix per worker: a group's column gradient, turned into its input gradient at once
    /// while it is still in cache.
    var columnGradients: [Scalar] = []
    /// With several workers, one weight gradient [OC, C·KH·KW] and one bias gradient [OC] per worker, added up in
    /// worker order at the end (with one worker the gradients accumulate in place).
    var partialWeightGradients: [Scalar] = []
    var partialBiasGradients: [Scalar] = []

    public init() {}
}

/// A 2-D convolution (cross-correlation, as PyTorch's Conv2d): im2col then one GEMM per group of G images.
///
/// input [N, C, H, W]; weight [OC, C, KH, KW] (read as the matrix [OC, C·KH·KW]); bias [OC] or nil for none
/// (weight and bias point into the model's parameter store); output [N, OC, OH, OW]. For each group of G' images (G = `g.imagesPerGroup`): columns = im2col(group)
/// [C·KH·KW, G'·P] (P = OH·OW); product = weight·columns [OC, G'·P]; output[n, oc, p] = product[oc, j·P + p] + bias[oc]
/// for the group's j-th image n. Small groups rather than one GEMM over the whole batch, because a group's
/// columns are still in cache when its GEMM reads them; groups rather than single images, because OpenBLAS
/// is faster on a wider product (see `imagesPerGroup`). With G = 1 the GEMM writes NCHW directly.
/// Groups are split across `KernelWorkers.count` workers.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func convolutionForward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], weight: UnsafePointer<Scalar>,
    bias: UnsafePointer<Scalar>?, workspace: inout ConvolutionWorkspace<Scalar>, output: inout [Scalar]
) {
    precondition(input.count == g.inputCount, "convolutionForward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    let workers = max(1, min(KernelWorkers.count, g.groupCount))
    let patchSize = g.patchSize, plane = g.outputPlane, groupWidth = g.imagesPerGroup * plane
    ensureCount(&workspace.columns, g.patchSize * g.patchCount)
    ensureCount(&workspace.groupProducts, g.imagesPerGroup > 1 ? workers * outputChannels * groupWidth : 0)
    ensureCount(&output, g.batch * outputChannels * plane)
    input.withUnsafeBufferPointer { input in
    workspace.columns.withUnsafeMutableBufferPointer { columns in
    workspace.groupProducts.withUnsafeMutableBufferPointer { products in
    output.withUnsafeMutableBufferPointer { output in
        let x = input.baseAddress!, w = weight, b = bias
        let y = output.baseAddress!
        parallelChunks(g.groupCount) { groups, worker in
            for group in groups {
                let images = g.imagesOfGroup(group), width = images.count &* plane
                let block = columns.baseAddress! + images.lowerBound &* patchSize &* plane
                for (j, n) in images.enumerated() {
                    im2colImage(g, image: x + n &* g.channels &* g.inputPlane, columns: block + j &* plane,
                                rowStride: width)
                }
                // One image: straight into NCHW. Several: into the worker's product, then each image's rows out.
                let single = images.count == 1
                let product = single ? y + images.lowerBound &* outputChannels &* plane
                    : products.baseAddress! + worker &* outputChannels &* groupWidth
                Scalar.blasGemm(transposeA: false, transposeB: false, m: outputChannels, n: width, k: patchSize,
                                alpha: 1, a: w, lda: patchSize, b: block, ldb: width, beta: 0, c: product, ldc: width)
                for (j, n) in images.enumerated() {
                    for oc in 0..<outputChannels {
                        let from = product + (oc &* width &+ j &* plane)
                        let to = y + (n &* outputChannels &+ oc) &* plane
                        let shift: Scalar = b?[oc] ?? 0
                        if single {
                            if b != nil { for p in 0..<plane { to[p] += shift } }
                        } else {
                            for p in 0..<plane { to[p] = from[p] + shift }
                        }
                    }
                }
            }
        }
    }}}}
}

/// The backward pass of `convolutionForward`, which must have run on the same geometry just before.
///
/// outputGradient dY [N, OC, OH, OW]; weight [OC, C, KH, KW]. Per group of G' images, with dY gathered as
/// [OC, G'·P]: adds ∂L/∂weight += dY·columnsᵀ ([OC, G'·P]·[G'·P, C·KH·KW]) into `weightGradient` and
/// ∂L/∂bias += Σ dY into `biasGradient` [OC] (accumulating, as PyTorch; a nil pointer skips that gradient: a frozen
/// parameter or no bias), and writes ∂L/∂input = col2im(weightᵀ·dY) ([C·KH·KW, OC]·[OC, G'·P]) into
/// `inputGradient` [N, C, H, W] when `computeInputGradient`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func convolutionBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, outputGradient: [Scalar], weight: UnsafePointer<Scalar>,
    workspace: inout ConvolutionWorkspace<Scalar>, weightGradient: UnsafeMutablePointer<Scalar>?,
    biasGradient: UnsafeMutablePointer<Scalar>?, computeInputGradient: Bool, inputGradient: inout [Scalar]
) {
    precondition(outputGradient.count == g.batch * outputChannels * g.outputPlane,
                 "convolutionBackward: output gradient has \(outputGradient.count) elements")
    precondition(workspace.columns.count == g.patchSize * g.patchCount,
                 "convolutionBackward: no forward pass on this geometry before")
    let wantsWeight = weightGradient != nil, wantsBias = biasGradient != nil
    let workers = max(1, min(KernelWorkers.count, g.groupCount))
    let patchSize = g.patchSize, plane = g.outputPlane, weightCount = outputChannels * g.patchSize
    let groupWidth = g.imagesPerGroup * plane
    if computeInputGradient {
        ensureCount(&inputGradient, g.inputCount)
        ensureCount(&workspace.columnGradients, workers * patchSize * groupWidth)
    }
    ensureCount(&workspace.groupProducts, g.imagesPerGroup > 1 ? workers * outputChannels * groupWidth : 0)
    // With one worker the gradients accumulate in place; with several, each worker sums into its own zeroed copy.
    if workers > 1 {
        ensureCount(&workspace.partialWeightGradients, workers * weightCount)
        ensureCount(&workspace.partialBiasGradients, workers * outputChannels)
        fill(&workspace.partialWeightGradients, with: 0)
        fill(&workspace.partialBiasGradients, with: 0)
    }
    outputGradient.withUnsafeBufferPointer { dy in
    workspace.columns.withUnsafeBufferPointer { columns in
    workspace.groupProducts.withUnsafeMutableBufferPointer { gathered in
    workspace.columnGradients.withUnsafeMutableBufferPointer { scratch in
    workspace.partialWeightGradients.withUnsafeMutableBufferPointer { partialWeights in
    workspace.partialBiasGradients.withUnsafeMutableBufferPointer { partialBiases in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        parallelChunks(g.groupCount) { groups, worker in
            let weightSum = workers > 1 ? partialWeights.baseAddress! + worker &* weightCount : weightGradient
            let biasSum = workers > 1 ? partialBiases.baseAddress! + worker &* outputChannels : biasGradient
            for group in groups {
                let images = g.imagesOfGroup(group), width = images.count &* plane
                let block = columns.baseAddress! + images.lowerBound &* patchSize &* plane
                // dY of the group as [OC, G'·P]: the tensor itself for one image, else gathered.
                let groupGradient: UnsafePointer<Scalar>
                if images.count == 1 {
                    groupGradient = dy.baseAddress! + images.lowerBound &* outputChannels &* plane
                } else {
                    let target = gathered.baseAddress! + worker &* outputChannels &* groupWidth
                    for (j, n) in images.enumerated() {
                        for oc in 0..<outputChannels {
                            (target + (oc &* width &+ j &* plane))
                                .update(from: dy.baseAddress! + (n &* outputChannels &+ oc) &* plane, count: plane)
                        }
                    }
                    groupGradient = UnsafePointer(target)
                }
                if wantsBias, let biasSum {
                    for oc in 0..<outputChannels {
                        let row = groupGradient + oc &* width
                        var total: Scalar = 0
                        for p in 0..<width { total += row[p] }
                        biasSum[oc] += total
                    }
                }
                if wantsWeight, let weightSum {
                    Scalar.blasGemm(transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: width,
                                    alpha: 1, a: groupGradient, lda: width, b: block, ldb: width,
                                    beta: 1, c: weightSum, ldc: patchSize)
                }
                if computeInputGradient {
                    let columnGradient = scratch.baseAddress! + worker &* patchSize &* groupWidth
                    Scalar.blasGemm(transposeA: true, transposeB: false, m: patchSize, n: width, k: outputChannels,
                                    alpha: 1, a: weight, lda: patchSize, b: groupGradient, ldb: width,
                                    beta: 0, c: columnGradient, ldc: width)
                    for (j, n) in images.enumerated() {
                        col2imImage(g, columns: columnGradient + j &* plane, rowStride: width,
                                    imageGradient: dx.baseAddress! + n &* g.channels &* g.inputPlane)
                    }
                }
            }
        }
        guard workers > 1 else { return }
        for worker in 0..<workers {
            if let weightGradient {
                let partial = partialWeights.baseAddress! + worker &* weightCount
                for i in 0..<weightCount { weightGradient[i] += partial[i] }
            }
            if let biasGradient {
                let partial = partialBiases.baseAddress! + worker &* outputChannels
                for i in 0..<outputChannels { biasGradient[i] += partial[i] }
            }
        }
    }}}}}}}
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
