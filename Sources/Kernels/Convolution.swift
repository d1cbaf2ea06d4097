/// The buffers a convolution reuses from step to step: per-worker scratch matrices, sized once for a geometry.
public struct ConvolutionWorkspace<Scalar: KernelScalar>: Sendable {
    /// One [C·KH·KW, G·OH·OW] matrix per worker: im2col of the group being computed. Made again in backward for
    /// the weight gradient rather than kept for the whole batch: the batch's columns of a 16-channel layer at
    /// 28×28 are 29 MB, written to memory and read back twice, where one group's (~450 KB) stays in L2.
    var columns: [Scalar] = []
    /// One [OC, G·OH·OW] matrix per worker: a group's GEMM product in forward, its output gradient gathered in
    /// backward (unused when groups hold one image: then the GEMMs work on the NCHW tensors directly).
    var groupProducts: [Scalar] = []
    /// One matrix per worker for the input gradient: the column gradient [C·KH·KW, G·OH·OW] (turned into the
    /// input gradient by col2im while it is still in cache), or, transposed, im2col of the output gradient
    /// [OC·KH·KW, G·H·W].
    var columnGradients: [Scalar] = []
    /// Transposed input gradient: one [C, G·H·W] product per worker (groups of several images), and the flipped
    /// weights [C, OC·KH·KW].
    var inputProducts: [Scalar] = []
    var flippedWeights: [Scalar] = []
    /// With several workers, one weight gradient [OC, C·KH·KW] and one bias gradient [OC] per worker, added up in
    /// worker order at the end (with one worker the gradients accumulate in place).
    var partialWeightGradients: [Scalar] = []
    var partialBiasGradients: [Scalar] = []

    public init() {}
}

extension WindowGeometry {
    /// A 1×1 window with stride 1 and no padding: im2col of an image is the image itself.
    var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }

    /// Whether backward computes ∂L/∂input as the transposed convolution — a convolution of the output gradient
    /// with the flipped kernel, dX = W′·im2col(dY) with padding K − 1 − p — instead of col2im(Wᵀ·dY): for a
    /// square kernel at stride 1 with few output channels. Wᵀ·dY is then a GEMM of inner dimension OC, which
    /// runs at a fraction of the FLOP rate (18 against 43 GFLOP/s for OC = 16 on 28×28, measured), and writes
    /// C·K² values per pixel for col2im to add up; the transposed GEMM has inner dimension OC·K² and writes C.
    public func usesTransposedInputGradient(outputChannels: Int) -> Bool {
        stride == 1 && kernelHeight == kernelWidth && padding <= kernelHeight - 1 && outputChannels <= 64
    }

    /// The geometry of that transposed convolution: over the output gradient [N, OC, OH, OW], the same kernel at
    /// stride 1 with padding K − 1 − p, which gives back H×W.
    func transposed(outputChannels: Int) -> WindowGeometry {
        WindowGeometry(batch: batch, channels: outputChannels, height: outputHeight, width: outputWidth,
                       kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: 1,
                       padding: kernelHeight - 1 - padding)
    }
}

/// A 2-D convolution (cross-correlation, as PyTorch's Conv2d): im2col then one GEMM per group of G images.
///
/// input [N, C, H, W]; weight [OC, C, KH, KW] (read as the matrix [OC, C·KH·KW]); bias [OC] or nil for none
/// (weight and bias point into the model's parameter store); output [N, OC, OH, OW]. For each group of G' images
/// (G = `g.imagesPerGroup`): columns = im2col(group) [C·KH·KW, G'·P] (P = OH·OW) into the worker's scratch;
/// product = weight·columns [OC, G'·P]; output[n, oc, p] = product[oc, j·P + p] + bias[oc] for the group's j-th
/// image n. Small groups rather than one GEMM over the whole batch, because a group's columns are still in cache
/// when its GEMM reads them; groups rather than single images, because OpenBLAS is faster on a wider product (see
/// `imagesPerGroup`). With G = 1 the GEMM writes NCHW directly, and a 1×1 convolution at stride 1 reads the image
/// itself as its columns. Groups are split across `KernelWorkers.count` workers.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func convolutionForward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], weight: UnsafePointer<Scalar>,
    bias: UnsafePointer<Scalar>?, workspace: inout ConvolutionWorkspace<Scalar>, output: inout [Scalar]
) {
    precondition(input.count == g.inputCount, "convolutionForward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    let workers = max(1, min(KernelWorkers.count, g.groupCount))
    let patchSize = g.patchSize, plane = g.outputPlane, groupWidth = g.imagesPerGroup * plane
    let direct = g.isPointwise && g.imagesPerGroup == 1
    ensureCount(&workspace.columns, direct ? 0 : workers * patchSize * groupWidth)
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
                let block = groupColumns(g, of: images, input: x, direct: direct,
                                         scratch: columns.baseAddress.map { $0 + worker &* patchSize &* groupWidth })
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

/// The [C·KH·KW, G'·P] columns of the group `images`: im2col into `scratch`, or the image itself (`direct`: a
/// 1×1 convolution at stride 1, one image per group).
@inline(__always)
private func groupColumns<Scalar: KernelScalar>(_ g: WindowGeometry, of images: Range<Int>, input: UnsafePointer<Scalar>,
                                                direct: Bool, scratch: UnsafeMutablePointer<Scalar>?)
    -> UnsafePointer<Scalar> {
    if direct { return input + images.lowerBound &* g.channels &* g.inputPlane }
    let width = images.count &* g.outputPlane
    for (j, n) in images.enumerated() {
        im2colImage(g, image: input + n &* g.channels &* g.inputPlane, columns: scratch! + j &* g.outputPlane,
                    rowStride: width)
    }
    return UnsafePointer(scratch!)
}

/// The backward pass of `convolutionForward`, on the same `input` the forward pass saw.
///
/// outputGradient dY [N, OC, OH, OW]; weight [OC, C, KH, KW]. Per group of G' images, with dY gathered as
/// [OC, G'·P] and the group's columns made again: adds ∂L/∂weight += dY·columnsᵀ ([OC, G'·P]·[G'·P, C·KH·KW])
/// into `weightGradient` and ∂L/∂bias += Σ dY into `biasGradient` [OC] (accumulating, as PyTorch; a nil pointer
/// skips that gradient: a frozen parameter or no bias), and writes ∂L/∂input [N, C, H, W] into `inputGradient`
/// when `computeInputGradient`: col2im(weightᵀ·dY) ([C·KH·KW, OC]·[OC, G'·P]), or for few output channels at
/// stride 1 the transposed convolution W′·im2col(dY) (see `usesTransposedInputGradient`), the same sums.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func convolutionBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], outputGradient: [Scalar], weight: UnsafePointer<Scalar>,
    workspace: inout ConvolutionWorkspace<Scalar>, weightGradient: UnsafeMutablePointer<Scalar>?,
    biasGradient: UnsafeMutablePointer<Scalar>?, computeInputGradient: Bool, inputGradient: inout [Scalar]
) {
    precondition(input.count == g.inputCount, "convolutionBackward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    precondition(outputGradient.count == g.batch * outputChannels * g.outputPlane,
                 "convolutionBackward: output gradient has \(outputGradient.count) elements")
    let wantsWeight = weightGradient != nil, wantsBias = biasGradient != nil
    let workers = max(1, min(KernelWorkers.count, g.groupCount))
    let patchSize = g.patchSize, plane = g.outputPlane, weightCount = outputChannels * g.patchSize
    let groupWidth = g.imagesPerGroup * plane
    let direct = g.isPointwise && g.imagesPerGroup == 1
    let transposed = computeInputGradient && g.usesTransposedInputGradient(outputChannels: outputChannels)
    let gt = g.transposed(outputChannels: outputChannels)  // used only when `transposed`
    let transposedWidth = g.imagesPerGroup * g.inputPlane
    ensureCount(&workspace.columns, direct || !wantsWeight ? 0 : workers * patchSize * groupWidth)
    if computeInputGradient {
        ensureCount(&inputGradient, g.inputCount)
        ensureCount(&workspace.columnGradients, workers * (transposed ? gt.patchSize * transposedWidth : patchSize * groupWidth))
    }
    if transposed {
        ensureCount(&workspace.inputProducts, g.imagesPerGroup > 1 ? workers * g.channels * transposedWidth : 0)
        flipKernels(weight, outputChannels: outputChannels, g, into: &workspace.flippedWeights)
    }
    ensureCount(&workspace.groupProducts, g.imagesPerGroup > 1 ? workers * outputChannels * groupWidth : 0)
    // With one worker the gradients accumulate in place; with several, each worker sums into its own zeroed copy.
    preparePartialGradients(&workspace.partialWeightGradients, &workspace.partialBiasGradients, workers: workers,
                            weightCount: weightCount, biasCount: outputChannels)
    input.withUnsafeBufferPointer { x in
    outputGradient.withUnsafeBufferPointer { dy in
    workspace.columns.withUnsafeMutableBufferPointer { columns in
    workspace.groupProducts.withUnsafeMutableBufferPointer { gathered in
    workspace.columnGradients.withUnsafeMutableBufferPointer { scratch in
    workspace.inputProducts.withUnsafeMutableBufferPointer { inputProducts in
    workspace.flippedWeights.withUnsafeBufferPointer { flipped in
    workspace.partialWeightGradients.withUnsafeMutableBufferPointer { partialWeights in
    workspace.partialBiasGradients.withUnsafeMutableBufferPointer { partialBiases in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        parallelChunks(g.groupCount) { groups, worker in
            let weightSum = workers > 1 ? partialWeights.baseAddress! + worker &* weightCount : weightGradient
            let biasSum = workers > 1 ? partialBiases.baseAddress! + worker &* outputChannels : biasGradient
            for group in groups {
                let images = g.imagesOfGroup(group), width = images.count &* plane
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
                    let block = groupColumns(g, of: images, input: x.baseAddress!, direct: direct,
                                             scratch: columns.baseAddress.map { $0 + worker &* patchSize &* groupWidth })
                    Scalar.blasGemm(transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: width,
                                    alpha: 1, a: groupGradient, lda: width, b: block, ldb: width,
                                    beta: 1, c: weightSum, ldc: patchSize)
                }
                guard computeInputGradient else { continue }
                if transposed {
                    // dX of the group [C, G'·H·W] = W′ [C, OC·K²] · im2col′(dY) [OC·K², G'·H·W].
                    let columnsOfGradient = scratch.baseAddress! + worker &* gt.patchSize &* transposedWidth
                    let block = groupColumns(gt, of: images, input: dy.baseAddress!, direct: false, scratch: columnsOfGradient)
                    let inputWidth = images.count &* g.inputPlane, single = images.count == 1
                    let product = single ? dx.baseAddress! + images.lowerBound &* g.channels &* g.inputPlane
                        : inputProducts.baseAddress! + worker &* g.channels &* transposedWidth
                    Scalar.blasGemm(transposeA: false, transposeB: false, m: g.channels, n: inputWidth, k: gt.patchSize,
                                    alpha: 1, a: flipped.baseAddress!, lda: gt.patchSize, b: block, ldb: inputWidth,
                                    beta: 0, c: product, ldc: inputWidth)
                    if !single {
                        for (j, n) in images.enumerated() {
                            for c in 0..<g.channels {
                                (dx.baseAddress! + (n &* g.channels &+ c) &* g.inputPlane)
                                    .update(from: product + (c &* inputWidth &+ j &* g.inputPlane), count: g.inputPlane)
                            }
                        }
                    }
                } else {
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
        addPartialGradients(partialWeights, partialBiases, workers: workers, weightCount: weightCount,
                            biasCount: outputChannels, into: weightGradient, biasGradient)
    }}}}}}}}}}
}

/// With several workers, sizes and zeroes one weight gradient [weightCount] and one bias gradient [biasCount] per
/// worker, each summing its images; with one, nothing (the gradients then accumulate in place).
func preparePartialGradients<Scalar: KernelScalar>(_ weights: inout [Scalar], _ biases: inout [Scalar], workers: Int,
                                                   weightCount: Int, biasCount: Int) {
    guard workers > 1 else { return }
    ensureCount(&weights, workers * weightCount)
    ensureCount(&biases, workers * biasCount)
    fill(&weights, with: 0)
    fill(&biases, with: 0)
}

/// Adds the workers' partial gradients (from `preparePartialGradients`) into the weight and bias gradients (nil:
/// not wanted), worker after worker: a fixed order, so a given worker count repeats bit for bit.
@inline(__always)
func addPartialGradients<Scalar: KernelScalar>(_ weights: UnsafeMutableBufferPointer<Scalar>,
                                               _ biases: UnsafeMutableBufferPointer<Scalar>, workers: Int,
                                               weightCount: Int, biasCount: Int,
                                               into weightGradient: UnsafeMutablePointer<Scalar>?,
                                               _ biasGradient: UnsafeMutablePointer<Scalar>?) {
    guard workers > 1 else { return }
    for worker in 0..<workers {
        if let weightGradient {
            let partial = weights.baseAddress! + worker &* weightCount
            for i in 0..<weightCount { weightGradient[i] += partial[i] }
        }
        if let biasGradient {
            let partial = biases.baseAddress! + worker &* biasCount
            for i in 0..<biasCount { biasGradient[i] += partial[i] }
        }
    }
}

/// W′[c, (oc·K + kh)·K + kw] = W[oc, c, K − 1 − kh, K − 1 − kw]: the kernel of the transposed convolution, each
/// filter turned by 180° with its input and output channels swapped. weight [OC, C, K, K] → [C, OC·K·K].
@inline(__always)
private func flipKernels<Scalar: KernelScalar>(_ weight: UnsafePointer<Scalar>, outputChannels: Int,
                                               _ g: WindowGeometry, into flipped: inout [Scalar]) {
    let k = g.kernelHeight, taps = k * k, channels = g.channels
    ensureCount(&flipped, channels * outputChannels * taps)
    flipped.withUnsafeMutableBufferPointer { flipped in
        for oc in 0..<outputChannels {
            for c in 0..<channels {
                let from = weight + (oc &* channels &+ c) &* taps, to = flipped.baseAddress! + (c &* outputChannels &+ oc) &* taps
                for t in 0..<taps { to[t] = from[taps &- 1 &- t] }
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
