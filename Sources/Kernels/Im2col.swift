/// Lays every window position of a batch out as columns, so that a convolution becomes matrix products.
///
/// input: [N, C, H, W]. The images go in groups of G = `g.imagesPerGroup` (the last group may be smaller), and
/// each group is one matrix [C·KH·KW, G'·OH·OW] (G' images in the group), the operand of that group's GEMM:
/// row (c, kh, kw), column j·OH·OW + oh·OW + ow for the group's j-th image, holding
/// `input[n, c, oh·stride − padding + kh, ow·stride − padding + kw]`, zero where that falls into the padding.
/// The groups follow one another: group k starts at k·G·C·KH·KW·OH·OW.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func im2col<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar], columns: inout [Scalar]) {
    precondition(input.count == g.inputCount, "im2col: input has \(input.count) elements, geometry needs \(g.inputCount)")
    ensureCount(&columns, g.patchSize * g.patchCount)
    input.withUnsafeBufferPointer { input in
        columns.withUnsafeMutableBufferPointer { columns in
            for n in 0..<g.batch {
                let place = g.columnPlacement(ofImage: n)
                im2colImage(g, image: input.baseAddress! + n &* g.channels &* g.inputPlane,
                            columns: columns.baseAddress! + place.offset, rowStride: place.rowStride)
            }
        }
    }
}

/// The adjoint of `im2col`: adds every column entry back onto the input pixel it was copied from.
///
/// columns: laid out as `im2col` lays them out; inputGradient: [N, C, H, W], overwritten (pixels that several
/// windows see receive the sum of their entries; padding entries are dropped).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func col2im<Scalar: KernelScalar>(_ g: WindowGeometry, columns: [Scalar], inputGradient: inout [Scalar]) {
    precondition(columns.count == g.patchSize * g.patchCount,
                 "col2im: columns have \(columns.count) elements, geometry needs \(g.patchSize * g.patchCount)")
    ensureCount(&inputGradient, g.inputCount)
    columns.withUnsafeBufferPointer { columns in
        inputGradient.withUnsafeMutableBufferPointer { gradient in
            for n in 0..<g.batch {
                let place = g.columnPlacement(ofImage: n)
                col2imImage(g, columns: columns.baseAddress! + place.offset, rowStride: place.rowStride,
                            imageGradient: gradient.baseAddress! + n &* g.channels &* g.inputPlane)
            }
        }
    }
}

extension WindowGeometry {
    /// How many images share one GEMM in the convolution: enough that the GEMM's long side (G·OH·OW) reaches
    /// about 768 columns, where OpenBLAS runs near its peak here (per image, 14×14 maps gave 196-column GEMMs at
    /// 73-83 GFLOP/s against 88-91 for groups of 4 or more, measured on the article's conv2); 1 for large maps.
    public var imagesPerGroup: Int { max(1, min(batch, (768 + outputPlane - 1) / outputPlane)) }

    /// The images of group k: [k·G, min(N, k·G + G)).
    func imagesOfGroup(_ k: Int) -> Range<Int> { k * imagesPerGroup..<min(batch, (k + 1) * imagesPerGroup) }

    /// How many groups the batch makes.
    var groupCount: Int { (batch + imagesPerGroup - 1) / imagesPerGroup }

    /// Where image n's [C·KH·KW, OH·OW] block starts inside the columns, and the row stride of its group's matrix.
    func columnPlacement(ofImage n: Int) -> (offset: Int, rowStride: Int) {
        let group = n / imagesPerGroup
        let images = imagesOfGroup(group)
        return (images.lowerBound * patchSize * outputPlane + (n - images.lowerBound) * outputPlane,
                images.count * outputPlane)
    }
}

/// im2col of ONE image [C, H, W] into a [C·KH·KW, OH·OW] block whose rows are `rowStride` apart, row segment by
/// row segment: the valid stretch of each output row is a (strided) copy, the padded ends are zero fills. Plain
/// loops rather than memcpy/memset calls: a segment is one output row (28 values or fewer here), too short for a
/// call's fixed cost (with 16 channels, the calls took more time than the GEMM that reads the columns).
@inline(__always)
func im2colImage<Scalar: KernelScalar>(_ g: WindowGeometry, image: UnsafePointer<Scalar>,
                                       columns: UnsafeMutablePointer<Scalar>, rowStride: Int) {
    if g.keepsSize { return im2colSameSize(g, image: image, columns: columns, rowStride: rowStride) }
    let outputWidth = g.outputWidth
    for c in 0..<g.channels {
        let plane = image + c &* g.inputPlane
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let row = (c &* g.kernelHeight &+ kh) &* g.kernelWidth &+ kw
                let valid = g.validOutputColumns(tap: kw)
                let out = columns + row &* rowStride
                for oh in 0..<g.outputHeight {
                    let ih = oh &* g.stride &- g.padding &+ kh
                    let line = out + oh &* outputWidth
                    guard ih >= 0 && ih < g.height else {
                        for ow in 0..<outputWidth { line[ow] = 0 }
                        continue
                    }
                    for ow in 0..<valid.lowerBound { line[ow] = 0 }
                    let source = plane + (ih &* g.width &- g.padding &+ kw)  // source[ow·stride] is tap (oh, ow)
                    if g.stride == 1 {
                        for ow in valid { line[ow] = source[ow] }
                    } else {
                        for ow in valid { line[ow] = source[ow &* g.stride] }
                    }
                    for ow in valid.upperBound..<outputWidth { line[ow] = 0 }
                }
            }
        }
    }
}

extension WindowGeometry {
    /// Stride 1 and an output of the input's size (padding (K − 1)/2: a 3×3 convolution with padding 1).
    var keepsSize: Bool { stride == 1 && outputHeight == height && outputWidth == width }
}

/// `im2colImage` when the output keeps the input's size at stride 1: each row (c, kh, kw) of the columns is then
/// the image's plane shifted by d = (kh − p)·W + (kw − p), so it is ONE contiguous copy of H·W values, after which
/// the rows and columns that fall into the padding (which the shifted copy filled from the neighbouring row, or
/// not at all) are set to zero.
@inline(__always)
private func im2colSameSize<Scalar: KernelScalar>(_ g: WindowGeometry, image: UnsafePointer<Scalar>,
                                                  columns: UnsafeMutablePointer<Scalar>, rowStride: Int) {
    let (height, width, plane) = (g.height, g.width, g.inputPlane)
    for c in 0..<g.channels {
        let source = image + c &* plane
        for kh in 0..<g.kernelHeight {
            // Output rows whose input row oh + kh − p lies inside the image.
            let dh = kh &- g.padding, firstRow = max(0, -dh), endRow = min(height, height &- dh)
            for kw in 0..<g.kernelWidth {
                let row = (c &* g.kernelHeight &+ kh) &* g.kernelWidth &+ kw
                let out = columns + row &* rowStride
                let shift = dh &* width &+ (kw &- g.padding), valid = g.validOutputColumns(tap: kw)
                // out[j] = source[j + shift] for the valid rows, clipped to the plane at both ends (the clipped
                // values are border columns, zeroed below).
                let start = min(plane, max(firstRow &* width, -shift))
                let end = max(start, min(endRow &* width, plane &- shift))
                for j in 0..<start { out[j] = 0 }
                for j in start..<end { out[j] = source[j &+ shift] }
                for j in end..<plane { out[j] = 0 }
                for oh in firstRow..<max(firstRow, endRow) {
                    let line = out + oh &* width
                    for ow in 0..<valid.lowerBound { line[ow] = 0 }
                    for ow in valid.upperBound..<width { line[ow] = 0 }
                }
            }
        }
    }
}

/// col2im of ONE image: a [C·KH·KW, OH·OW] block with rows `rowStride` apart, summed into the image's gradient
/// [C, H, W], which is overwritten.
@inline(__always)
func col2imImage<Scalar: KernelScalar>(_ g: WindowGeometry, columns: UnsafePointer<Scalar>, rowStride: Int,
                                       imageGradient: UnsafeMutablePointer<Scalar>) {
    imageGradient.update(repeating: 0, count: g.channels &* g.inputPlane)
    let outputWidth = g.outputWidth
    for c in 0..<g.channels {
        let plane = imageGradient + c &* g.inputPlane
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let row = (c &* g.kernelHeight &+ kh) &* g.kernelWidth &+ kw
                let valid = g.validOutputColumns(tap: kw)
                let entries = columns + row &* rowStride
                for oh in 0..<g.outputHeight {
                    let ih = oh &* g.stride &- g.padding &+ kh
                    guard ih >= 0 && ih < g.height else { continue }
                    let line = entries + oh &* outputWidth
                    let target = plane + (ih &* g.width &- g.padding &+ kw)
                    if g.stride == 1 {
                        for ow in valid { target[ow] += line[ow] }
                    } else {
                        for ow in valid { target[ow &* g.stride] += line[ow] }
                    }
                }
            }
        }
    }
}

/// The naive twin of `im2col`: one element at a time, straight from the definition.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveIm2col<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar]) -> [Scalar] {
    var columns = [Scalar](repeating: 0, count: g.patchSize * g.patchCount)
    forEachTap(g) { n, c, kh, kw, oh, ow, ih, iw in
        columns[naiveColumnIndex(g, n, c, kh, kw, oh, ow)] = input[((n * g.channels + c) * g.height + ih) * g.width + iw]
    }
    return columns
}

/// The naive twin of `col2im`: one element at a time, straight from the definition.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveCol2im<Scalar: KernelScalar>(_ g: WindowGeometry, columns: [Scalar]) -> [Scalar] {
    var gradient = [Scalar](repeating: 0, count: g.inputCount)
    forEachTap(g) { n, c, kh, kw, oh, ow, ih, iw in
        gradient[((n * g.channels + c) * g.height + ih) * g.width + iw] += columns[naiveColumnIndex(g, n, c, kh, kw, oh, ow)]
    }
    return gradient
}

/// Where tap (kh, kw) of channel c at output position (oh, ow) of image n sits in the columns, from the layout's
/// definition: group k = n / G holds G' images as a [C·KH·KW, G'·OH·OW] matrix starting at k·G·C·KH·KW·OH·OW.
func naiveColumnIndex(_ g: WindowGeometry, _ n: Int, _ c: Int, _ kh: Int, _ kw: Int, _ oh: Int, _ ow: Int) -> Int {
    let row = (c * g.kernelHeight + kh) * g.kernelWidth + kw
    let group = n / g.imagesPerGroup, first = group * g.imagesPerGroup
    let imagesInGroup = min(g.batch - first, g.imagesPerGroup)
    return first * g.patchSize * g.outputPlane + row * imagesInGroup * g.outputPlane
        + (n - first) * g.outputPlane + oh * g.outputWidth + ow
}

/// Calls `body(n, c, kh, kw, oh, ow, ih, iw)` for every window tap that lands inside the image (not the padding):
/// the loop nest the naive twins share.
func forEachTap(_ g: WindowGeometry, _ body: (Int, Int, Int, Int, Int, Int, Int, Int) -> Void) {
    for n in 0..<g.batch {
        for c in 0..<g.channels {
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    for kh in 0..<g.kernelHeight {
                        for kw in 0..<g.kernelWidth {
                            let ih = oh * g.stride - g.padding + kh, iw = ow * g.stride - g.padding + kw
                            if ih >= 0 && ih < g.height && iw >= 0 && iw < g.width {
                                body(n, c, kh, kw, oh, ow, ih, iw)
                            }
                        }
                    }
                }
            }
        }
    }
}
