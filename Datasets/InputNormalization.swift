/// The `Normalize(mean, std)` a model is trained with, one value per channel on ToTensor's scale (byte/255): the fit
/// set's own `ChannelStatistics`, or ImageNet's numbers for the article's pipeline. Saved with the weights, so that
/// a reloaded model sees its inputs exactly as in training.
///
/// It is the last stage of a `DataLoader` (`normalization:`), applied to every sample after decoding and
/// augmentation, and the arithmetic behind the `Normalize` transform: one implementation for both.
public struct InputNormalization: Sendable, Equatable {
    public let mean: [Double]
    public let std: [Double]
    /// The statistics as Float, the precision the normalisation computes in (torchvision's `Normalize` on a float32
    /// tensor). Stored, so that the loader's stage reads them without converting anything per batch.
    public let floatMean: [Float]
    public let floatStd: [Float]

    /// One mean and std per channel, or a single pair for every channel.
    public init(mean: [Double], std: [Double]) {
        precondition(mean.count == std.count && !mean.isEmpty,
                     "InputNormalization: \(mean.count) means, \(std.count) stds")
        self.mean = mean
        self.std = std
        floatMean = mean.map(Float.init)
        floatStd = std.map(Float.init)
    }

    /// The statistics of a data set (e.g. the fit split).
    public init(_ statistics: ChannelStatistics) {
        self.init(mean: statistics.mean, std: statistics.std)
    }

    /// The per-channel statistics of ImageNet's training set that the article (and torchvision's pretrained
    /// models) use: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). As Float they are the Float literals.
    public static let imageNet = InputNormalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

    /// Whether samples of `shape` can be normalised: one pair per channel, or a single pair for all.
    func fits(_ shape: ImageShape) -> Bool { mean.count == 1 || mean.count == shape.channels }

    /// Every value x of channel c of `sample` (CHW, `shape.count` values) becomes `(x − mean[c]) / std[c]`, in
    /// place: one Float subtraction and one Float division per value, as `tensor.sub_(mean).div_(std)` computes it.
    func normalize(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        precondition(fits(shape), "InputNormalization: \(mean.count) means for an image of \(shape.channels) channels")
        precondition(sample.count == shape.count, "InputNormalization: \(sample.count) values for an image of \(shape)")
        floatMean.withUnsafeBufferPointer { means in
            floatStd.withUnsafeBufferPointer { stds in
                let plane = shape.plane
                for channel in 0..<shape.channels {
                    let pair = means.count == 1 ? 0 : channel
                    let (m, s) = (means[pair], stds[pair])
                    let start = channel &* plane
                    for i in start ..< start &+ plane { sample[i] = (sample[i] - m) / s }
                }
            }
        }
    }
}
