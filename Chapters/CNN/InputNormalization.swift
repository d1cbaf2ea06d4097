import Datasets

/// The `Normalize(mean, std)` a model is trained with, one value per channel on ToTensor's scale (byte/255): the fit
/// set's own `ChannelStatistics`, not ImageNet's numbers. Saved with the weights, so that a reloaded model sees its
/// inputs exactly as in training.
public struct InputNormalization: Sendable, Equatable {
    public let mean: [Double]
    public let std: [Double]

    public init(mean: [Double], std: [Double]) {
        precondition(mean.count == std.count && !mean.isEmpty, "InputNormalization: \(mean.count) means, \(std.count) stds")
        self.mean = mean
        self.std = std
    }

    /// The statistics of a data set (e.g. the fit split).
    public init(_ statistics: ChannelStatistics) {
        self.init(mean: statistics.mean, std: statistics.std)
    }

    /// As Float, the precision `NormalizedImages` computes in (as `Normalize` does).
    public var floatMean: [Float] { mean.map(Float.init) }
    public var floatStd: [Float] { std.map(Float.init) }
}
