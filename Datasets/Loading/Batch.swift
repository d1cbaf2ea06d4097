import DeepLearning

/// One mini-batch: `images` is `[n, channels, height, width]`, `labels[i]` and `indices[i]` belong to image i.
/// `n` is the loader's batch size, or less for the last batch of an epoch.
public struct Batch: Equatable, Sendable {
    public var images: Tensor<Float>
    public var labels: [Int]
    /// The position of each sample in the data set, e.g. to show the images a model gets wrong.
    public var indices: [Int]

    /// Number of samples in the batch.
    public var count: Int { labels.count }

    /// An empty batch, whose storage the loader grows on first use and then reuses.
    init() {
        images = Tensor(shape: [0])
        labels = []
        indices = []
    }
}
