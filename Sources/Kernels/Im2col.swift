/// Lays every window position of a batch out as columns, so that a convolution becomes matrix products.
///
/// input: [N, C, H, W]; columns: [N, C·KH·KW, OH·OW], image-major (one [patchSize, outputPlane] matrix per image,
/// the operand of that image's GEMM): `columns[n][(c·KH + kh)·KW + kw][oh·OW + ow] =
/// input[n, c, oh·stride − padding + kh, ow·stride − padding + kw]`, zero where that falls into the padding.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func im2col<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar], columns: inout [Scalar]) {
    precondition(input.count == g.inputCount, "im2col: input has \(input.count) elements, geometry needs \(g.inputCount)")
    ensureCount(&columns, g.patchSize * g.patchCount)
    input.withUnsafeBufferPointer { input in
        columns.withUnsafeMutableBufferPointer { columns in
            for n in 0..<g.batch {
                im2colImage(g, image: input.baseAddress! + n &* g.channels &* g.inputPlane,
                            columns: columns.baseAddress! + n &* g.patchSize &* g.outputPlane)
            }
        }
    }
}

/// The adjoint of `im2col`: adds every column entry back onto the input pixel it was copied from.
///
/// columns: [N, C·KH·KW, OH·OW] (as `im2col` lays them out); inputGradient: [N, C, H, W], overwritten (pixels that
/// several windows see receive the sum of their entries; padding entries are dropped).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func col2im<Scalar: KernelScalar>(_ g: WindowGeometry, columns: [Scalar], inputGradient: inout [Scalar]) {
    precondition(columns.count == g.patchSize * g.patchCount,
                 "col2im: columns have \(columns.count) elements, geometry needs \(g.patchSize * g.patchCount)")
    ensureCount(&inputGradient, g.inputCount)
    columns.withUnsafeBufferPointer { columns in
        inputGradient.withUnsafeMutableBufferPointer { gradient in
            for n in 0..<g.batch {
                col2imImage(g, columns: columns.baseAddress! + n &* g.patchSize &* g.outputPlane,
                            imageGradient: gradient.baseAddress! + n &* g.channels &* g.inputPlane)
            }
        }
    }
}

/// im2col of ONE image [C, H, W] into [C·KH·KW, OH·OW], row segment by row segment: the valid stretch of each
/// output row is a (strided) copy, the padded ends are zero fills.
@inline(__always)
func im2colImage<Scalar: KernelScalar>(_ g: WindowGeometry, image: UnsafePointer<Scalar>,
                                       columns: UnsafeMutablePointer<Scalar>) {
    let outputWidth = g.outputWidth
    for c in 0..<g.channels {
        let plane = image + c &* g.inputPlane
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let row = (c &* g.kernelHeight &+ kh) &* g.kernelWidth &+ kw
                let valid = g.validOutputColumns(tap: kw)
                let out = columns + row &* g.outputPlane
                for oh in 0..<g.outputHeight {
                    let ih = oh &* g.stride &- g.padding &+ kh
                    let line = out + oh &* outputWidth
                    guard ih >= 0 && ih < g.height else {
                        line.update(repeating: 0, count: outputWidth)
                        continue
                    }
                    line.update(repeating: 0, count: valid.lowerBound)
                    let source = plane + (ih &* g.width &- g.padding &+ kw)  // source[ow·stride] is tap (oh, ow)
                    if g.stride == 1 {
                        (line + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
                    } else {
                        for ow in valid { line[ow] = source[ow &* g.stride] }
                    }
                    (line + valid.upperBound).update(repeating: 0, count: outputWidth &- valid.upperBound)
                }
            }
        }
    }
}

/// col2im of ONE image: [C·KH·KW, OH·OW] summed into its gradient [C, H, W], which is overwritten.
@inline(__always)
func col2imImage<Scalar: KernelScalar>(_ g: WindowGeometry, columns: UnsafePointer<Scalar>,
                                       imageGradient: UnsafeMutablePointer<Scalar>) {
    imageGradient.update(repeating: 0, count: g.channels &* g.inputPlane)
    let outputWidth = g.outputWidth
    for c in 0..<g.channels {
        let plane = imageGradient + c &* g.inputPlane
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let row = (c &* g.kernelHeight &+ kh) &* g.kernelWidth &+ kw
                let valid = g.validOutputColumns(tap: kw)
                let entries = columns + row &* g.outputPlane
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

/// Where tap (kh, kw) of channel c at output position (oh, ow) of image n sits in the columns [N, C·KH·KW, OH·OW].
func naiveColumnIndex(_ g: WindowGeometry, _ n: Int, _ c: Int, _ kh: Int, _ kw: Int, _ oh: Int, _ ow: Int) -> Int {
    let row = (c * g.kernelHeight + kh) * g.kernelWidth + kw
    return (n * g.patchSize + row) * g.outputPlane + oh * g.outputWidth + ow
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

/// Gives `buffer` exactly `count` elements, reallocating only when the count changes (e.g. a new batch size), so a
/// workspace kept between steps is reused.
@inlinable
public func ensureCount<Scalar: KernelScalar>(_ buffer: inout [Scalar], _ count: Int) {
    if buffer.count != count { buffer = [Scalar](repeating: 0, count: count) }
}
