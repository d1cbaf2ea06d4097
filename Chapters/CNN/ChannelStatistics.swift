import Datasets

/// The mean and standard deviation of each channel over every pixel of a data set, on the `ToTensor` scale
/// (byte/255): what `Normalize(mean, std)` should be given for this data, instead of ImageNet's numbers.
///
/// Sums run over the bytes as integers (Σb and Σb², exact), so the result does not depend on summation order:
///     mean = Σb / (255·n),   std = √(Σb² / (255²·n) − mean²)   (the population std, numpy's default).
public struct ChannelStatistics: Sendable, Equatable {
    public let mean: [Double]
    public let std: [Double]

    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }

    /// The statistics of `images` (at least one image).
    public init(of images: LabeledImages) {
        precondition(images.count > 0, "ChannelStatistics: no image")
        var sums = [Int](repeating: 0, count: images.channels)
        var squares = [Int](repeating: 0, count: images.channels)
        let channels = images.channels
        for (position, byte) in images.pixels.enumerated() {
            let value = Int(byte), channel = position % channels
            sums[channel] &+= value
            squares[channel] &+= value &* value
        }
        let n = Double(images.count * images.width * images.height)
        mean = sums.map { Double($0) / (255 * n) }
        std = zip(squares, mean).map { square, mean in max(Double(square) / (255 * 255 * n) - mean * mean, 0).squareRoot() }
    }

    /// As Float, for `NormalizedImages` and `Normalize`.
    public var floatMean: [Float] { mean.map(Float.init) }
    public var floatStd: [Float] { std.map(Float.init) }
}
