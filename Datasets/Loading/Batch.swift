import DeepLearning

/// One mini-batch: `images` is `[n, channels, height, width]`, `labels[i]` and `indices[i]` belong to image i.
/// `n` is the loader's batch size, or less for the last batch of an epoch, or this rank's share of either when the
/// loader is sharded.
public struct Batch: Equatable, Sendable {
    public var images: Tensor<Float>
    public var labels: [Int]
    /// The position of each sample in the data set, e.g. to show the images a model gets wrong.
    public var indices: [Int]
    /// The number of samples in the global batch this batch is a shard of: `count` when the loader is not
    /// sharded, the sum of every rank's `count` when it is (what an uneven last batch is weighted by).
    public var globalCount: Int

    /// Number of samples in the batch.
    public var count: Int { labels.count }

    /// An empty batch, whose storage the loader grows on first use and then reuses.
    init() {
        images = Tensor(shape: [0])
        labels = []
        indices = []
        globalCount = 0
    }

    /// Makes room for `count` samples of `sampleShape`: `images` gets the shape `[count] + sampleShape` (keeping its
    /// storage when it already has that shape, the steady state), `labels` and `indices` are emptied keeping theirs.
    mutating func reset(count: Int, sampleShape: ImageShape, globalCount: Int) {
        let shape = images.shape
        if shape.count != 4 || shape[0] != count || shape[1] != sampleShape.channels || shape[2] != sampleShape.height
            || shape[3] != sampleShape.width {
            images = Tensor(shape: [count] + sampleShape.dimensions)
        }
        labels.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        labels.reserveCapacity(count)
        indices.reserveCapacity(count)
        self.globalCount = globalCount
    }
}
