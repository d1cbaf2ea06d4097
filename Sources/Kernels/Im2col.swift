/// Lays every window position of a batch out as a column, so that a convolution becomes one matrix product.
///
/// input: [batch, channels, height, width]; columns: [patchSize, patchCount] =
/// [channels·kernelHeight·kernelWidth, batch·outputHeight·outputWidth], row (c, kh, kw), column (n, oh, ow):
/// `columns[(c·KH + kh)·KW + kw][(n·OH + oh)·OW + ow] = input[n, c, oh·stride − padding + kh, ow·stride − padding + kw]`,
/// zero where that falls into the padding. Works row segment by row segment: the valid stretch of each output row is
/// a strided copy, the padded ends are zero fills.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func im2col<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar], columns: inout [Scalar]) {
    precondition(input.count == g.inputCount, "im2col: input has \(input.count) elements, geometry needs \(g.inputCount)")
    ensureCount(&columns, g.patchSize * g.patchCount)
    let outputHeight = g.outputHeight, outputWidth = g.outputWidth, plane = g.outputPlane
    input.withUnsafeBufferPointer { input in
        columns.withUnsafeMutableBufferPointer { columns in
            let source = input.baseAddress!, destination = columns.baseAddress!
            for c in 0..<g.channels {
                for kh in 0..<g.kernelHeight {
                    for kw in 0..<g.kernelWidth {
                        let row = (c &* g.kernelHeight &+ kh) &* g.kernelWidth &+ kw
                        let valid = g.validOutputColumns(tap: kw)
                        for n in 0..<g.batch {
                            let image = source + (n &* g.channels &+ c) &* g.inputPlane
                            let out = destination + (row &* g.patchCount &+ n &* plane)
                            for oh in 0..<outputHeight {
                                let ih = oh &* g.stride &- g.padding &+ kh
                                let line = out + oh &* outputWidth
                                guard ih >= 0 && ih < g.height else {
                                    line.update(repeating: 0, count: outputWidth)
                                    continue
                                }
                                line.update(repeating: 0, count: valid.lowerBound)
                                let sourceLine = image + (ih &* g.width &- g.padding &+ kw)
                                if g.stride == 1 {
                                    (line + valid.lowerBound).update(from: sourceLine + valid.lowerBound,
                                                                     count: valid.count)
                                } else {
                                    for ow in valid { line[ow] = sourceLine[ow &* g.stride] }
                                }
                                (line + valid.upperBound).update(repeating: 0,
                                                                 count: outputWidth &- valid.upperBound)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The adjoint of `im2col`: adds every column entry back onto the input pixel it was copied from.
///
/// columns: [patchSize, patchCount] (as `im2col` lays them out); inputGradient: [batch, channels, height, width],
/// overwritten (pixels that several windows see receive the sum of their entries; padding entries are dropped).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func col2im<Scalar: KernelScalar>(_ g: WindowGeometry, columns: [Scalar], inputGradient: inout [Scalar]) {
    precondition(columns.count == g.patchSize * g.patchCount,
                 "col2im: columns have \(columns.count) elements, geometry needs \(g.patchSize * g.patchCount)")
    ensureCount(&inputGradient, g.inputCount)
    let outputHeight = g.outputHeight, outputWidth = g.outputWidth, plane = g.outputPlane
    columns.withUnsafeBufferPointer { columns in
        inputGradient.withUnsafeMutableBufferPointer { gradient in
            let source = columns.baseAddress!, destination = gradient.baseAddress!
            destination.update(repeating: 0, count: g.inputCount)
            for n in 0..<g.batch {
                for c in 0..<g.channels {
                    let image = destination + (n &* g.channels &+ c) &* g.inputPlane
                    for kh in 0..<g.kernelHeight {
                        for kw in 0..<g.kernelWidth {
                            let row = (c &* g.kernelHeight &+ kh) &* g.kernelWidth &+ kw
                            let valid = g.validOutputColumns(tap: kw)
                            let entries = source + (row &* g.patchCount &+ n &* plane)
                            for oh in 0..<outputHeight {
                                let ih = oh &* g.stride &- g.padding &+ kh
                                guard ih >= 0 && ih < g.height else { continue }
                                let line = entries + oh &* outputWidth
                                let target = image + (ih &* g.width &- g.padding &+ kw)
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
        }
    }
}

/// The naive twin of `im2col`: one element at a time, straight from the definition.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveIm2col<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar]) -> [Scalar] {
    var columns = [Scalar](repeating: 0, count: g.patchSize * g.patchCount)
    forEachTap(g) { n, c, kh, kw, oh, ow, ih, iw in
        let row = (c * g.kernelHeight + kh) * g.kernelWidth + kw
        let column = (n * g.outputHeight + oh) * g.outputWidth + ow
        columns[row * g.patchCount + column] = input[((n * g.channels + c) * g.height + ih) * g.width + iw]
    }
    return columns
}

/// The naive twin of `col2im`: one element at a time, straight from the definition.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveCol2im<Scalar: KernelScalar>(_ g: WindowGeometry, columns: [Scalar]) -> [Scalar] {
    var gradient = [Scalar](repeating: 0, count: g.inputCount)
    forEachTap(g) { n, c, kh, kw, oh, ow, ih, iw in
        let row = (c * g.kernelHeight + kh) * g.kernelWidth + kw
        let column = (n * g.outputHeight + oh) * g.outputWidth + ow
        gradient[((n * g.channels + c) * g.height + ih) * g.width + iw] += columns[row * g.patchCount + column]
    }
    return gradient
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
