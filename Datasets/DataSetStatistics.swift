/// Per-channel mean and standard deviation of a data set's pixel values on the [0, 1] scale (`byte / 255`), the
/// numbers `Normalize` takes. The standard deviation is the population one (divide by N): over millions of
/// pixels it differs from torch's default unbiased `std()` by a factor √(N/(N−1)) ≈ 1 + 1e-8.
public struct ChannelStatistics: Equatable, Sendable {
    public let mean: [Double]
    public let std: [Double]

    /// Statistics over every pixel of every image of `dataset`.
    ///
    /// Sums are accumulated exactly in integers (Σ byte and Σ byte² per channel), so the result does not depend
    /// on the order of the images; only the final division and square root round.
    public init(of dataset: some ImageDataset) throws(DatasetError) {
        var sums: [Int] = [], squares: [Int] = [], counts: [Int] = []
        for index in 0..<dataset.count {
            let image = try dataset.image(at: index)
            if sums.isEmpty {
                sums = Array(repeating: 0, count: image.channels)
                squares = sums
                counts = sums
            }
            guard image.channels == sums.count else {
                throw .inconsistentSamples(reason: "image \(index) has \(image.channels) channels, image 0 has "
                                               + "\(sums.count)")
            }
            for (offset, byte) in image.pixels.enumerated() {
                let channel = offset % image.channels
                sums[channel] &+= Int(byte)
                squares[channel] &+= Int(byte) &* Int(byte)
            }
            for channel in 0..<image.channels { counts[channel] += image.width * image.height }
        }
        mean = zip(sums, counts).map { Double($0) / Double($1) / 255 }
        std = (0..<sums.count).map { channel in
            let n = Double(counts[channel])
            let meanByte = Double(sums[channel]) / n
            return (Double(squares[channel]) / n - meanByte * meanByte).squareRoot() / 255
        }
    }
}

/// How many samples of each class `dataset` has, indexed by label.
public func classCounts(_ dataset: some ImageDataset) -> [Int] {
    var counts = Array(repeating: 0, count: dataset.classNames.count)
    for index in 0..<dataset.count { counts[dataset.label(at: index)] += 1 }
    return counts
}
