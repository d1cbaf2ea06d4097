/// Max pooling (PyTorch's MaxPool2d, padding counts as −∞, the first maximum in row-major order wins, NaN wins).
///
/// input [N, C, H, W]; output [N, C, OH, OW]; argmax [N, C, OH, OW] holds, as Int32, the position ih·W + iw of
/// each maximum inside its input plane, which is what backward needs.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func maxPoolForward<Scalar: KernelScalar>(
    _ g: WindowGeometry, input: [Scalar], output: inout [Scalar], argmax: inout [Int32]
) {
    precondition(input.count == g.inputCount, "maxPoolForward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    let planes = g.batch * g.channels, outputCount = planes * g.outputPlane
    ensureCount(&output, outputCount)
    if argmax.count != outputCount { argmax = [Int32](repeating: 0, count: outputCount) }
    if g.kernelHeight == 2 && g.kernelWidth == 2 && g.stride == 2 && g.padding == 0 {
        return maxPool2x2(g, input: input, output: &output, argmax: &argmax)
    }
    input.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { output in
            argmax.withUnsafeMutableBufferPointer { argmax in
                forEachWindow(g) { plane, o, rows, columns in
                    let source = input.baseAddress! + plane &* g.inputPlane
                    var best = -Scalar.infinity
                    var bestIndex = rows.lowerBound &* g.width &+ columns.lowerBound
                    for ih in rows {
                        for iw in columns {
                            let index = ih &* g.width &+ iw
                            let value = source[index]
                            if value > best || value.isNaN { best = value; bestIndex = index }
                        }
                    }
                    output[plane &* g.outputPlane &+ o] = best
                    argmax[plane &* g.outputPlane &+ o] = Int32(truncatingIfNeeded: bestIndex)
                }
            }
        }
    }
}

/// `maxPoolForward` for the common 2×2 window with stride 2 and no padding (every window inside the image): four
/// loads per output, selections without branches. Same tie and NaN rules as the general path.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func maxPool2x2<Scalar: KernelScalar>(
    _ g: WindowGeometry, input: [Scalar], output: inout [Scalar], argmax: inout [Int32]
) {
    let planes = g.batch * g.channels, outputWidth = g.outputWidth, width = g.width
    input.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { output in
            argmax.withUnsafeMutableBufferPointer { argmax in
                parallelChunks(planes) { chunk, _ in
                    for plane in chunk {
                        for oh in 0..<g.outputHeight {
                            let first = 2 &* oh &* width  // index of the window's top row inside the plane
                            let row = input.baseAddress! + (plane &* g.inputPlane &+ first)
                            let values = output.baseAddress! + (plane &* g.outputHeight &+ oh) &* outputWidth
                            let positions = argmax.baseAddress! + (plane &* g.outputHeight &+ oh) &* outputWidth
                            for ow in 0..<outputWidth {
                                // Taps a b / c d. A tree instead of a chain: the winner of (a, b), the winner of (c, d), then the
                                // later pair only if strictly larger — the first maximum in row-major order, as the sequential scan.
                                // `x > y ? x : y` is exactly x86's maxss, so the values need no branch; the indices are integer selects.
                                let p = 2 &* ow
                                let a = row[p], b = row[p &+ 1], c = row[p &+ width], d = row[p &+ width &+ 1]
                                let bWins = b > a, dWins = d > c
                                let top = bWins ? b : a, bottom = dWins ? d : c
                                let bottomWins = bottom > top
                                values[ow] = bottomWins ? bottom : top
                                let column = Int32(truncatingIfNeeded: first &+ p)
                                let topIndex = column &+ Int32(bWins.bit)
                                let bottomIndex = column &+ Int32(truncatingIfNeeded: width) &+ Int32(dWins.bit)
                                positions[ow] = bottomWins ? bottomIndex : topIndex
                                // A NaN anywhere makes the sum NaN (so does ∞ − ∞, harmlessly): redo that rare window with the
                                // general rules (a NaN wins, the last NaN stays). The branch is almost never taken, so it predicts well.
                                if (a + b + c + d).isNaN {
                                    var best = a, at = column
                                    for (value, index) in [(b, column &+ 1), (c, bottomIndex &- Int32(dWins.bit)), (d, column &+ Int32(truncatingIfNeeded: width) &+ 1)]
                                    where value > best || value.isNaN {
                                        best = value
                                        at = index
                                    }
                                    values[ow] = best
                                    positions[ow] = at
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The backward pass of max pooling: each output gradient goes to the input pixel that won its window.
///
/// outputGradient, argmax: [N, C, OH, OW]; inputGradient [N, C, H, W], overwritten (pixels that won several
/// overlapping windows receive the sum).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func maxPoolBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputGradient: [Scalar], argmax: [Int32], inputGradient: inout [Scalar]
) {
    let planes = g.batch * g.channels
    precondition(outputGradient.count == planes * g.outputPlane && argmax.count == outputGradient.count,
                 "maxPoolBackward: \(outputGradient.count) gradients and \(argmax.count) indices for \(planes * g.outputPlane) outputs")
    ensureCount(&inputGradient, g.inputCount)
    outputGradient.withUnsafeBufferPointer { outputGradient in
        argmax.withUnsafeBufferPointer { argmax in
            inputGradient.withUnsafeMutableBufferPointer { inputGradient in
                parallelChunks(planes) { chunk, _ in
                    for plane in chunk {
                        let target = inputGradient.baseAddress! + plane &* g.inputPlane
                        target.update(repeating: 0, count: g.inputPlane)
                        let gradients = outputGradient.baseAddress! + plane &* g.outputPlane
                        let positions = argmax.baseAddress! + plane &* g.outputPlane
                        for o in 0..<g.outputPlane { target[Int(positions[o])] += gradients[o] }
                    }
                }
            }
        }
    }
}

/// Average pooling (PyTorch's AvgPool2d with count_include_pad = True: the divisor is always KH·KW). With the
/// kernel as large as the image it is global average pooling (AdaptiveAvgPool2d(1)).
///
/// input [N, C, H, W]; output [N, C, OH, OW].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func averagePoolForward<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar], output: inout [Scalar]) {
    precondition(input.count == g.inputCount, "averagePoolForward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    let planes = g.batch * g.channels
    ensureCount(&output, planes * g.outputPlane)
    let scale = 1 / Scalar(g.kernelHeight * g.kernelWidth)
    input.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { output in
            forEachWindow(g) { plane, o, rows, columns in
                let source = input.baseAddress! + plane &* g.inputPlane
                var total: Scalar = 0
                for ih in rows {
                    for iw in columns { total += source[ih &* g.width &+ iw] }
                }
                output[plane &* g.outputPlane &+ o] = total * scale
            }
        }
    }
}

/// The backward pass of average pooling: each output gradient, divided by KH·KW, goes to every pixel of its window.
///
/// outputGradient [N, C, OH, OW]; inputGradient [N, C, H, W], overwritten.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func averagePoolBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputGradient: [Scalar], inputGradient: inout [Scalar]
) {
    let planes = g.batch * g.channels
    precondition(outputGradient.count == planes * g.outputPlane,
                 "averagePoolBackward: \(outputGradient.count) gradients for \(planes * g.outputPlane) outputs")
    ensureCount(&inputGradient, g.inputCount)
    let scale = 1 / Scalar(g.kernelHeight * g.kernelWidth)
    outputGradient.withUnsafeBufferPointer { outputGradient in
        inputGradient.withUnsafeMutableBufferPointer { inputGradient in
            forEachWindow(g) { plane, o, rows, columns in
                let target = inputGradient.baseAddress! + plane &* g.inputPlane
                if o == 0 { target.update(repeating: 0, count: g.inputPlane) }  // a plane's windows come in order
                let share = outputGradient[plane &* g.outputPlane &+ o] * scale
                for ih in rows {
                    for iw in columns { target[ih &* g.width &+ iw] += share }
                }
            }
        }
    }
}

/// The naive twin of `maxPoolForward`: every tap of every window checked against the image bounds.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveMaxPoolForward<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar])
    -> (output: [Scalar], argmax: [Int32])
{
    let count = g.batch * g.channels * g.outputPlane
    var output = [Scalar](repeating: -.infinity, count: count)
    var argmax = [Int32](repeating: -1, count: count)
    forEachTap(g) { n, c, _, _, oh, ow, ih, iw in
        let o = ((n * g.channels + c) * g.outputHeight + oh) * g.outputWidth + ow
        let value = input[((n * g.channels + c) * g.height + ih) * g.width + iw]
        if argmax[o] < 0 || value > output[o] || value.isNaN { output[o] = value; argmax[o] = Int32(ih * g.width + iw) }
    }
    return (output, argmax)
}

/// The naive twin of `maxPoolBackward`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveMaxPoolBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputGradient: [Scalar], argmax: [Int32]
) -> [Scalar] {
    var gradient = [Scalar](repeating: 0, count: g.inputCount)
    for o in outputGradient.indices {
        gradient[(o / g.outputPlane) * g.inputPlane + Int(argmax[o])] += outputGradient[o]
    }
    return gradient
}

/// The naive twin of `averagePoolForward`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveAveragePoolForward<Scalar: KernelScalar>(_ g: WindowGeometry, input: [Scalar]) -> [Scalar] {
    var output = [Scalar](repeating: 0, count: g.batch * g.channels * g.outputPlane)
    let area = Scalar(g.kernelHeight * g.kernelWidth)
    forEachTap(g) { n, c, _, _, oh, ow, ih, iw in
        output[((n * g.channels + c) * g.outputHeight + oh) * g.outputWidth + ow]
            += input[((n * g.channels + c) * g.height + ih) * g.width + iw] / area
    }
    return output
}

/// The naive twin of `averagePoolBackward`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveAveragePoolBackward<Scalar: KernelScalar>(_ g: WindowGeometry, outputGradient: [Scalar]) -> [Scalar] {
    var gradient = [Scalar](repeating: 0, count: g.inputCount)
    let area = Scalar(g.kernelHeight * g.kernelWidth)
    forEachTap(g) { n, c, _, _, oh, ow, ih, iw in
        gradient[((n * g.channels + c) * g.height + ih) * g.width + iw]
            += outputGradient[((n * g.channels + c) * g.outputHeight + oh) * g.outputWidth + ow] / area
    }
    return gradient
}

/// Calls `body(plane, o, rows, columns)` for every output position o = oh·OW + ow of every plane (n, c), with the
/// input rows and columns its window covers (padding cut away); planes are split across the kernel workers, and
/// each plane's positions come in order. The loop nest the pooling kernels share.
@inline(__always)
func forEachWindow(_ g: WindowGeometry, _ body: (Int, Int, Range<Int>, Range<Int>) -> Void) {
    parallelChunks(g.batch * g.channels) { chunk, _ in
        for plane in chunk {
            for oh in 0..<g.outputHeight {
                let rows = g.clampedRows(oh)
                for ow in 0..<g.outputWidth {
                    body(plane, oh &* g.outputWidth &+ ow, rows, g.clampedColumns(ow))
                }
            }
        }
    }
}

extension WindowGeometry {
    /// The input rows the window of output row `oh` covers, the padding cut away.
    @inline(__always)
    func clampedRows(_ oh: Int) -> Range<Int> {
        let start = oh &* stride &- padding
        return max(start, 0)..<min(start &+ kernelHeight, height)
    }

    /// The input columns the window of output column `ow` covers, the padding cut away.
    @inline(__always)
    func clampedColumns(_ ow: Int) -> Range<Int> {
        let start = ow &* stride &- padding
        return max(start, 0)..<min(start &+ kernelWidth, width)
    }
}
