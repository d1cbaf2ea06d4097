import DeepLearning

/// torchvision's `Resize` with bilinear interpolation, up or down, to (height, width) or by the shorter side.
///
/// Antialiasing is on by default, because that is what torchvision does for both kinds of input: PIL images are
/// always resized with an antialiasing filter, and tensors too since torchvision 0.17 (`antialias=True`). The
/// article's pipeline resizes PIL images, so its results are the antialiased ones.
///
/// - `antialias: true` is PIL's and torch's `_upsample_bilinear2d_aa`: each output pixel averages the input under
///   a triangle filter stretched by the scale factor when shrinking, so every input pixel contributes.
/// - `antialias: false` is `F.interpolate(mode="bilinear", align_corners=False)`: two input pixels per output
///   pixel, whatever the scale; when shrinking by more than 2 it skips pixels (aliasing).
///
/// Upsampling gives the same values either way. Both are separable: rows are resampled first, then columns,
/// as torch does.
///
/// It changes the image's size: a `DecodingStep`. Resizing allocates its taps and an intermediate image per call.
public struct Resize: DecodingStep {
    public enum Size: Equatable, Sendable {
        /// Exactly this height and width (torchvision's `size=(h, w)`).
        case exact(height: Int, width: Int)
        /// The shorter side becomes this, the longer one keeps the aspect ratio rounded down
        /// (torchvision's `size=int`: `int(size * long / short)`).
        case shorterSide(Int)
    }

    public let size: Size
    public let antialias: Bool

    /// Resize to exactly `height × width`.
    public init(_ height: Int, _ width: Int, antialias: Bool = true) {
        precondition(height > 0 && width > 0, "Resize: size \(height)×\(width) must be positive")
        self.size = .exact(height: height, width: width)
        self.antialias = antialias
    }

    /// Resize the shorter side to `shorterSide`, keeping the aspect ratio.
    public init(shorterSide: Int, antialias: Bool = true) {
        precondition(shorterSide > 0, "Resize: shorter side \(shorterSide) must be positive")
        self.size = .shorterSide(shorterSide)
        self.antialias = antialias
    }

    /// The output height and width for an input of `height × width` (torchvision's
    /// `_compute_resized_output_size` without `max_size`).
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        switch size {
        case let .exact(h, w):
            return (h, w)
        case let .shorterSide(short):
            if width <= height {
                return (Int(Double(short) * Double(height) / Double(width)), short)
            }
            return (short, Int(Double(short) * Double(width) / Double(height)))
        }
    }

    public func outputShape(for shape: ImageShape) -> ImageShape {
        let (height, width) = outputSize(height: shape.height, width: shape.width)
        return ImageShape(channels: shape.channels, height: height, width: width)
    }

    /// Writes `source` (an image of `shape`) resized into `destination` (`outputShape(for: shape).count` values).
    /// An image that already has the output size is copied unchanged, as torchvision returns it (the filters would
    /// give the same values: at scale 1 every output pixel is its input pixel times 1).
    public func apply(_ source: UnsafeBufferPointer<Float>, shape: ImageShape,
                      into destination: UnsafeMutableBufferPointer<Float>) {
        let (channels, height, width) = (shape.channels, shape.height, shape.width)
        let output = outputShape(for: shape)
        let (outHeight, outWidth) = (output.height, output.width)
        precondition(destination.count == output.count, "Resize: \(destination.count) values for an image of \(output)")
        guard output != shape else {
            _ = destination.update(fromContentsOf: source)
            return
        }
        let horizontal = ResamplingTaps.bilinear(from: width, to: outWidth, antialias: antialias)
        let vertical = ResamplingTaps.bilinear(from: height, to: outHeight, antialias: antialias)
        // Rows first: [C, H, W] → [C, H, outW]; then columns: [C, H, outW] → [C, outH, outW].
        var rows = [Float](repeating: 0, count: channels * height * outWidth)
        rows.withUnsafeMutableBufferPointer { rows in
            horizontal.withBuffers { indices, weights, taps in
                // Output x of each line sums its taps in tap order.
                for line in 0 ..< channels &* height {
                    let (input, target) = (line &* width, line &* outWidth)
                    for x in 0..<outWidth {
                        let first = x &* taps
                        var sum = source[input &+ indices[first]] * weights[first]
                        for tap in first &+ 1 ..< first &+ taps {
                            sum += source[input &+ indices[tap]] * weights[tap]
                        }
                        rows[target &+ x] = sum
                    }
                }
            }
            vertical.withBuffers { indices, weights, taps in
                // A whole output row at a time: the same sums in the same order as one output pixel at a time.
                for channel in 0..<channels {
                    let resizedRows = channel &* height &* outWidth
                    for y in 0..<outHeight {
                        let target = (channel &* outHeight &+ y) &* outWidth
                        let first = y &* taps
                        for tap in first ..< first &+ taps {
                            let row = resizedRows &+ indices[tap] &* outWidth, weight = weights[tap]
                            if tap == first {
                                for x in 0..<outWidth { destination[target &+ x] = rows[row &+ x] * weight }
                            } else {
                                for x in 0..<outWidth { destination[target &+ x] += rows[row &+ x] * weight }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// For each output index along one axis: which input indices contribute and with what weights.
/// Every output has `tapsPerOutput` (index, weight) pairs; shorter filters are padded with weight 0.
struct ResamplingTaps {
    let tapsPerOutput: Int
    let indices: [Int]
    let weights: [Float]

    /// `body(indices, weights, tapsPerOutput)` over the taps as buffers, for the resampling loops.
    func withBuffers(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Float>, Int) -> Void) {
        indices.withUnsafeBufferPointer { indices in
            weights.withUnsafeBufferPointer { weights in body(indices, weights, tapsPerOutput) }
        }
    }

    /// Bilinear taps from `inputSize` to `outputSize` samples, in Float arithmetic as torch computes them for
    /// Float tensors (ATen/native/UpSample.h and cpu/UpSampleKernel.cpp, align_corners=False).
    static func bilinear(from inputSize: Int, to outputSize: Int, antialias: Bool) -> ResamplingTaps {
        // area_pixel_compute_scale: input / output, in the tensor's scalar type.
        let scale = Float(inputSize) / Float(outputSize)
        return antialias ? triangleFilter(from: inputSize, to: outputSize, scale: scale)
                         : twoPoint(from: inputSize, to: outputSize, scale: scale)
    }

    /// `upsample_bilinear2d`: source position s = scale·(i + ½) − ½ clamped at 0; taps ⌊s⌋ and ⌊s⌋ + 1 (the same
    /// pixel at the last column) with weights 1 − λ and λ, λ = s − ⌊s⌋.
    private static func twoPoint(from inputSize: Int, to outputSize: Int, scale: Float) -> ResamplingTaps {
        var indices: [Int] = [], weights: [Float] = []
        for i in 0..<outputSize {
            let source = max(scale * (Float(i) + 0.5) - 0.5, 0)
            let first = min(Int(source), inputSize - 1)
            let lambda = min(max(source - Float(first), 0), 1)
            let step = first < inputSize - 1 ? 1 : 0
            indices += [first, first + step]
            weights += [1 - lambda, lambda]
        }
        return ResamplingTaps(tapsPerOutput: 2, indices: indices, weights: weights)
    }

    /// `_upsample_bilinear2d_aa` (Pillow's resampling): a triangle filter of half-width `support` = max(scale, 1)
    /// centred at scale·(i + ½), its argument divided by the scale when shrinking; weights normalised to sum 1.
    private static func triangleFilter(from inputSize: Int, to outputSize: Int, scale: Float) -> ResamplingTaps {
        let support: Float = scale >= 1 ? scale : 1
        let inverseScale: Float = scale >= 1 ? 1 / scale : 1
        var ranges: [(first: Int, weights: [Float])] = []
        for i in 0..<outputSize {
            let center = scale * (Float(i) + 0.5)
            let first = max(Int(center - support + 0.5), 0)
            let count = min(Int(center + support + 0.5), inputSize) - first
            var filter = (0..<count).map { j in max(0, 1 - abs((Float(j + first) - center + 0.5) * inverseScale)) }
            let total = filter.reduce(0, +)
            if total != 0 { filter = filter.map { $0 / total } }
            ranges.append((first, filter))
        }
        let width = ranges.map(\.weights.count).max() ?? 0
        var indices: [Int] = [], weights: [Float] = []
        for (first, filter) in ranges {
            indices += (0..<width).map { first + min($0, filter.count - 1) }
            weights += filter + [Float](repeating: 0, count: width - filter.count)
        }
        return ResamplingTaps(tapsPerOutput: width, indices: indices, weights: weights)
    }
}
