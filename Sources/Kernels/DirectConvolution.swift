import CDirectConvolution

/// Whether the CPU runs the AVX2+FMA register tile of the direct convolution (checked once).
let directConvolutionTileRuns = direct_convolution_supported() == 1

/// Output channels (or, in the weight gradient, taps) per register tile, and pixels per tile: the 16×6 tile of
/// `direct_convolution_tile`.
private let tileLanes = 16, tileColumns = 6

extension WindowGeometry {
    /// Whether `directConvolutionForward`/`directConvolutionBackward` compute this convolution: a 3×3 window at
    /// stride 1 with padding 1 (the output plane is the input plane), in Float, with 8 to 64 channels on either
    /// side and at least 6 pixels per plane (one register tile's width), on a CPU with AVX2+FMA. These are the small
    /// ResNet's stages, where the direct kernel ran at 64–70 GFLOP/s (81–89% of a 79 GFLOP/s peak, 50–62 at 7²)
    /// against 35–42 for im2col+sgemm (`bench --models resnet`, its convolution table); other shapes keep
    /// `convolutionForward`. Fewer than 8 channels fill under half a tile's 16 lanes (∂L/∂input runs with the input
    /// channels as lanes): the 1-channel stem's backward measured slower direct (15 against 18 GFLOP/s).
    public func suitsDirectConvolution<Scalar: KernelScalar>(outputChannels: Int, scalar: Scalar.Type) -> Bool {
        Scalar.self == Float.self && directConvolutionTileRuns && kernelHeight == 3 && kernelWidth == 3
            && stride == 1 && padding == 1 && (8...64).contains(channels) && (8...64).contains(outputChannels)
            && outputPlane >= tileColumns
    }
}

/// The buffers the direct convolution reuses from step to step (sized on first use for a geometry).
public struct DirectConvolutionWorkspace: Sendable {
    /// The weights as [C·9, OC'] (OC' = OC rounded up to 16, zero columns beyond OC): row k = (c, kh, kw) holds
    /// the 16-lane A operand of a tile, output channels side by side.
    var packedWeights: [Float] = []
    /// The transposed convolution's weights for ∂L/∂input, [OC·9, C'] (C' = C rounded up to 16):
    /// row (oc, kh, kw), column c holds W[oc, c, 2 − kh, 2 − kw] (each filter turned by 180°).
    var packedFlippedWeights: [Float] = []
    /// Per worker, one zero-padded image [channels, H + 2, W + 2] (the input in forward and for ∂L/∂weight, the
    /// output gradient for ∂L/∂input), sized for the larger channel count.
    var paddedImages: [Float] = []
    /// Per worker, one image's output gradient transposed to [H·W, OC'] for ∂L/∂weight.
    var transposedGradients: [Float] = []
    /// Per worker, one 16×6 tile as `direct_convolution_tile` writes it.
    var tiles: [Float] = []
    /// Offsets into a padded image: the top-left corner of pixel p's window, p·(W+2)-style ([H·W]); tap
    /// (c, kh, kw) of the input ([C·9]) and of the output gradient ([OC·9]), c·(H+2)(W+2) + kh·(W+2) + kw.
    var pixelOffsets: [Int32] = []
    var inputTapOffsets: [Int32] = []
    var gradientTapOffsets: [Int32] = []
    /// With several workers, one weight gradient [OC, C·9] and one bias gradient [OC] per worker, added up in
    /// worker order at the end (with one worker the gradients accumulate in place).
    var partialWeightGradients: [Float] = []
    var partialBiasGradients: [Float] = []

    public init() {}
}

/// A 3×3 convolution at stride 1 with padding 1, computed directly from the padded image (no im2col matrix):
/// the same result as `convolutionForward` (the naive twin is `naiveConvolutionForward`), for geometries where
/// `g.suitsDirectConvolution` holds.
///
/// input [N, C, H, W]; weight [OC, C, 3, 3]; bias [OC] or nil; output [N, OC, H, W]. Per image: pad it into the
/// worker's [C, H+2, W+2]; then per block of 16 output channels and 6 consecutive pixels (the last block moved back
/// to end at the plane's end, its repeated pixels not stored again), one register tile sums the C·9 taps in order
/// k = (c, kh, kw): y[oc, p] = Σ_k W[oc, k]·padded[window(p) + tap(k)], then adds the bias. Images are split across
/// `KernelWorkers.count` workers in contiguous chunks; a pixel's sum is the same whichever worker computes it.
@_specialize(where Scalar == Float)
public func directConvolutionForward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], weight: UnsafePointer<Scalar>,
    bias: UnsafePointer<Scalar>?, workspace: inout DirectConvolutionWorkspace, output: inout [Scalar]
) {
    precondition(g.suitsDirectConvolution(outputChannels: outputChannels, scalar: Scalar.self),
                 "directConvolutionForward: \(g) with \(outputChannels) output channels is not a direct convolution")
    precondition(input.count == g.inputCount, "directConvolutionForward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    let workers = max(1, min(KernelWorkers.count, g.batch))
    let layout = PaddedLayout(g, outputChannels: outputChannels)
    let packedChannels = roundedToTile(outputChannels)
    workspace.prepare(layout, workers: workers, channels: g.channels, outputChannels: outputChannels)
    packWeights(asFloats(weight), outputChannels: outputChannels, channels: g.channels, flipped: false,
                into: &workspace.packedWeights)
    ensureCount(&output, g.batch * outputChannels * layout.plane)
    input.withUnsafeBufferPointer { input in
    output.withUnsafeMutableBufferPointer { output in
    workspace.paddedImages.withUnsafeMutableBufferPointer { padded in
    workspace.tiles.withUnsafeMutableBufferPointer { tiles in
    workspace.packedWeights.withUnsafeBufferPointer { packed in
    workspace.pixelOffsets.withUnsafeBufferPointer { pixels in
    workspace.inputTapOffsets.withUnsafeBufferPointer { taps in
        let x = asFloats(input.baseAddress!), y = asMutableFloats(output.baseAddress!)
        let b = bias.map { asFloats($0) }
        parallelChunks(g.batch) { images, worker in
            let image = padded.baseAddress! + worker &* layout.paddedCount
            let tile = tiles.baseAddress! + worker &* tileLanes &* tileColumns
            for n in images {
                layout.pad(x + n &* g.channels &* layout.plane, channels: g.channels, into: image)
                convolveImage(layout, padded: image, packedWeights: packed.baseAddress!, packedChannels: packedChannels,
                              taps: taps, pixels: pixels, tile: tile,
                              output: y + n &* outputChannels &* layout.plane, outputChannels: outputChannels, bias: b)
            }
        }
    }}}}}}}
}

/// The backward pass of `directConvolutionForward`, on the same `input` the forward pass saw; the same sums as
/// `convolutionBackward` (naive twin: `naiveConvolutionBackward`), accumulating into the weight and bias gradients
/// as it does (a nil pointer skips that gradient), writing ∂L/∂input when `computeInputGradient`.
///
/// outputGradient dY [N, OC, H, W]. Per image, with dY transposed to [H·W, OC'] and the input padded:
/// ∂L/∂W[oc, k] += Σ_p dY[oc, p]·padded[tap(k) + window(p)], per block of 16 output channels and 6 taps (a tile
/// summing the H·W pixels in order); ∂L/∂bias[oc] += Σ_p dY[oc, p]; and ∂L/∂input = the transposed convolution,
/// the forward tiles run on the padded dY with the flipped weights [OC·9, C'] (a 3×3 window with padding 1 again).
/// With several workers each sums its images' weight and bias gradients into its own zeroed copy, added in worker
/// order at the end: bitwise the same for a given worker count.
@_specialize(where Scalar == Float)
public func directConvolutionBackward<Scalar: KernelScalar>(
    _ g: WindowGeometry, outputChannels: Int, input: [Scalar], outputGradient: [Scalar], weight: UnsafePointer<Scalar>,
    workspace: inout DirectConvolutionWorkspace, weightGradient: UnsafeMutablePointer<Scalar>?,
    biasGradient: UnsafeMutablePointer<Scalar>?, computeInputGradient: Bool, inputGradient: inout [Scalar]
) {
    precondition(g.suitsDirectConvolution(outputChannels: outputChannels, scalar: Scalar.self),
                 "directConvolutionBackward: \(g) with \(outputChannels) output channels is not a direct convolution")
    precondition(input.count == g.inputCount, "directConvolutionBackward: input has \(input.count) elements, geometry needs \(g.inputCount)")
    precondition(outputGradient.count == g.batch * outputChannels * g.outputPlane,
                 "directConvolutionBackward: output gradient has \(outputGradient.count) elements")
    let workers = max(1, min(KernelWorkers.count, g.batch))
    let layout = PaddedLayout(g, outputChannels: outputChannels)
    let plane = layout.plane, taps = g.channels * 9, weightCount = outputChannels * taps
    let packedOutputs = roundedToTile(outputChannels), packedInputs = roundedToTile(g.channels)
    workspace.prepare(layout, workers: workers, channels: g.channels, outputChannels: outputChannels)
    if computeInputGradient {
        ensureCount(&inputGradient, g.inputCount)
        packWeights(asFloats(weight), outputChannels: outputChannels, channels: g.channels, flipped: true,
                    into: &workspace.packedFlippedWeights)
    }
    preparePartialGradients(&workspace.partialWeightGradients, &workspace.partialBiasGradients, workers: workers,
                            weightCount: weightCount, biasCount: outputChannels)
    let weightGradient = weightGradient.map { asMutableFloats($0) }, biasGradient = biasGradient.map { asMutableFloats($0) }
    input.withUnsafeBufferPointer { input in
    outputGradient.withUnsafeBufferPointer { outputGradient in
    inputGradient.withUnsafeMutableBufferPointer { inputGradient in
    workspace.paddedImages.withUnsafeMutableBufferPointer { padded in
    workspace.transposedGradients.withUnsafeMutableBufferPointer { transposed in
    workspace.tiles.withUnsafeMutableBufferPointer { tiles in
    workspace.packedFlippedWeights.withUnsafeBufferPointer { flipped in
    workspace.pixelOffsets.withUnsafeBufferPointer { pixels in
    workspace.inputTapOffsets.withUnsafeBufferPointer { inputTaps in
    workspace.gradientTapOffsets.withUnsafeBufferPointer { gradientTaps in
    workspace.partialWeightGradients.withUnsafeMutableBufferPointer { partialWeights in
    workspace.partialBiasGradients.withUnsafeMutableBufferPointer { partialBiases in
        let x = asFloats(input.baseAddress!), dy = asFloats(outputGradient.baseAddress!)
        parallelChunks(g.batch) { images, worker in
            let weightSum = workers > 1 ? partialWeights.baseAddress! + worker &* weightCount : weightGradient
            let biasSum = workers > 1 ? partialBiases.baseAddress! + worker &* outputChannels : biasGradient
            let image = padded.baseAddress! + worker &* layout.paddedCount
            let gradientRows = transposed.baseAddress! + worker &* plane &* packedOutputs
            let tile = tiles.baseAddress! + worker &* tileLanes &* tileColumns
            for n in images {
                let dyImage = dy + n &* outputChannels &* plane
                if let biasSum {
                    for oc in 0..<outputChannels {
                        let row = dyImage + oc &* plane
                        var total: Float = 0
                        for p in 0..<plane { total += row[p] }
                        biasSum[oc] += total
                    }
                }
                if let weightSum {
                    layout.pad(x + n &* g.channels &* plane, channels: g.channels, into: image)
                    for oc in 0..<outputChannels {
                        let row = dyImage + oc &* plane
                        for p in 0..<plane { gradientRows[p &* packedOutputs &+ oc] = row[p] }
                    }
                    for lanes in stride(from: 0, to: outputChannels, by: tileLanes) {
                        let laneCount = min(tileLanes, outputChannels &- lanes)
                        forEachTile(of: taps) { first, fresh in
                            direct_convolution_tile(gradientRows + lanes, packedOutputs, image,
                                                    inputTaps.baseAddress! + first, pixels.baseAddress!, plane, tile)
                            for j in fresh {
                                for l in 0..<laneCount {
                                    weightSum[(lanes &+ l) &* taps &+ first &+ j] += tile[j &* tileLanes &+ l]
                                }
                            }
                        }
                    }
                }
                if computeInputGradient {
                    layout.pad(dyImage, channels: outputChannels, into: image)
                    convolveImage(layout, padded: image, packedWeights: flipped.baseAddress!, packedChannels: packedInputs,
                                  taps: gradientTaps, pixels: pixels, tile: tile,
                                  output: asMutableFloats(inputGradient.baseAddress!) + n &* g.channels &* plane,
                                  outputChannels: g.channels, bias: nil)
                }
            }
        }
        addPartialGradients(partialWeights, partialBiases, workers: workers, weightCount: weightCount,
                            biasCount: outputChannels, into: weightGradient, biasGradient)
    }}}}}}}}}}}}
}

/// One image of the convolution: output [outputChannels, H·W] = packedWeights [taps, packedChannels]ᵀ applied to
/// the padded image at every pixel, plus bias; per block of 16 channels and 6 pixels, one register tile.
@inline(__always)
private func convolveImage(_ layout: PaddedLayout, padded: UnsafePointer<Float>, packedWeights: UnsafePointer<Float>,
                           packedChannels: Int, taps: UnsafeBufferPointer<Int32>, pixels: UnsafeBufferPointer<Int32>,
                           tile: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, outputChannels: Int,
                           bias: UnsafePointer<Float>?) {
    let plane = layout.plane
    for lanes in stride(from: 0, to: outputChannels, by: tileLanes) {
        let laneCount = min(tileLanes, outputChannels &- lanes)
        forEachTile(of: plane) { first, fresh in
            direct_convolution_tile(packedWeights + lanes, packedChannels, padded, pixels.baseAddress! + first,
                                    taps.baseAddress!, taps.count, tile)
            for l in 0..<laneCount {
                let row = output + ((lanes &+ l) &* plane &+ first), shift = bias?[lanes &+ l] ?? 0
                for j in fresh { row[j] = tile[j &* tileLanes &+ l] + shift }
            }
        }
    }
}

/// Calls `body(first, fresh)` for tiles of 6 consecutive indices covering 0..<count (count ≥ 6): tile columns
/// first..<first + 6, of which `fresh` (a range of column numbers 0..<6) are not covered by an earlier tile. The last
/// tile is moved back to end at `count`, so every tile is full and nothing reads past the plane.
@inline(__always)
private func forEachTile(of count: Int, _ body: (Int, Range<Int>) -> Void) {
    var start = 0
    while start < count {
        let first = min(start, count &- tileColumns)
        body(first, (start &- first)..<tileColumns)
        start = first &+ tileColumns
    }
}

/// Channels rounded up to a whole number of tile lanes.
@inline(__always)
private func roundedToTile(_ channels: Int) -> Int { (channels + tileLanes - 1) / tileLanes * tileLanes }

/// Weight [OC, C, 3, 3] → [C·9, OC'] (row (c, kh, kw), column oc), or flipped → [OC·9, C'] (row (oc, kh, kw),
/// column c = W[oc, c, 2 − kh, 2 − kw]): the A operands of the tiles, unused columns zero.
private func packWeights(_ weight: UnsafePointer<Float>, outputChannels: Int, channels: Int, flipped: Bool,
                         into packed: inout [Float]) {
    let columns = roundedToTile(flipped ? channels : outputChannels)
    ensureCount(&packed, (flipped ? outputChannels : channels) * 9 * columns)
    packed.withUnsafeMutableBufferPointer { packed in
        for oc in 0..<outputChannels {
            for c in 0..<channels {
                let filter = weight + (oc &* channels &+ c) &* 9
                for t in 0..<9 {
                    if flipped {
                        packed[(oc &* 9 &+ t) &* columns &+ c] = filter[8 &- t]
                    } else {
                        packed[(c &* 9 &+ t) &* columns &+ oc] = filter[t]
                    }
                }
            }
        }
    }
}

/// An H×W plane inside a zero border of one pixel: (H + 2)×(W + 2), with the offsets the tiles read it by.
private struct PaddedLayout {
    let height: Int, width: Int
    var paddedWidth: Int { width + 2 }
    var paddedPlane: Int { (height + 2) * (width + 2) }
    var plane: Int { height * width }
    /// Elements of one worker's padded image: sized for the larger of the input and output channel counts.
    let paddedCount: Int

    init(_ g: WindowGeometry, outputChannels: Int) {
        height = g.height
        width = g.width
        paddedCount = max(g.channels, outputChannels) * (g.height + 2) * (g.width + 2)
    }

    /// image [channels, H, W] → padded [channels, H + 2, W + 2], the border zero.
    @inline(__always)
    func pad(_ image: UnsafePointer<Float>, channels: Int, into padded: UnsafeMutablePointer<Float>) {
        padded.update(repeating: 0, count: channels &* paddedPlane)
        for c in 0..<channels {
            for h in 0..<height {
                let row = c &* paddedPlane &+ (h &+ 1) &* paddedWidth &+ 1
                (padded + row).update(from: image + (c &* height &+ h) &* width, count: width)
            }
        }
    }
}

extension DirectConvolutionWorkspace {
    /// Sizes the per-worker buffers and writes the offset tables for `layout`.
    fileprivate mutating func prepare(_ layout: PaddedLayout, workers: Int, channels: Int, outputChannels: Int) {
        ensureCount(&paddedImages, workers * layout.paddedCount)
        ensureCount(&transposedGradients, workers * layout.plane * roundedToTile(outputChannels))
        ensureCount(&tiles, workers * tileLanes * tileColumns)
        let paddedWidth = layout.paddedWidth, paddedPlane = layout.paddedPlane, width = layout.width
        fillTable(&pixelOffsets, count: layout.plane) { p in (p / width) * paddedWidth + p % width }
        let tap = { (k: Int) in (k / 9) * paddedPlane + (k % 9 / 3) * paddedWidth + k % 3 }
        fillTable(&inputTapOffsets, count: channels * 9, tap)
        fillTable(&gradientTapOffsets, count: outputChannels * 9, tap)
    }
}

/// table[i] = value(i) for i < count, resizing only when the count changes.
@inline(__always)
private func fillTable(_ table: inout [Int32], count: Int, _ value: (Int) -> Int) {
    if table.count != count { table = [Int32](repeating: 0, count: count) }
    for i in 0..<count { table[i] = Int32(truncatingIfNeeded: value(i)) }
}

/// The Float view of a buffer of `Scalar` == Float (the direct convolution runs only in Float).
@inline(__always)
private func asFloats<Scalar>(_ pointer: UnsafePointer<Scalar>) -> UnsafePointer<Float> {
    UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
}

@inline(__always)
private func asMutableFloats<Scalar>(_ pointer: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
}
