import DeepLearning

/// torch's `DataLoader` for image data sets: mini-batches in a seeded order, transforms applied per sample,
/// prepared on a background thread while the caller trains on the previous ones.
///
///     let loader = DataLoader(try FashionMNIST.load(.train), batchSize: 64, shuffle: true, seed: 42)
///     for epoch in 0..<10 {
///         let batches = loader.batches(epoch: epoch)
///         while let batch = try batches.next() { /* batch.images: [64, 1, 28, 28], batch.labels: [Int] */ }
///     }
///
/// Everything random is a function of (seed, epoch, position), never of thread timing, so a prefetching loader
/// yields bit-for-bit the batches of a synchronous one (`prefetch: 0`):
/// - the order of epoch e: Fisher–Yates over 0..<count with `RandomGenerator(seed: seed, stream: e)`, for i from
///   count − 1 down to 1 swapping i with `nextInt(below: i + 1)`; identity if `shuffle` is false;
/// - the transforms of the sample at position p of epoch e draw from their own generator,
///   `RandomGenerator(seed: augmentationSeed(epoch: e), stream: p)` (see `sampleGenerator`).
///
/// The last batch keeps the remaining samples (torch's `drop_last=False`) unless `dropLast` is set.
public struct DataLoader<Dataset: ImageDataset>: Sendable {
    public let dataset: Dataset
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    /// Applied to every sample after `ToTensor`; every output must have the same shape.
    public let transform: Compose
    public let seed: UInt64
    /// Number of ready batches the background thread keeps queued; 0 prepares each batch on `next()` instead.
    public let prefetch: Int
    /// The sample shape when batches can be filled straight from the data set's bytes (no transforms, one
    /// shape for all samples), else nil.
    private let directShape: [Int]?

    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = false, dropLast: Bool = false,
                transform: Compose = Compose(), seed: UInt64 = 0, prefetch: Int = 2) {
        precondition(batchSize > 0, "DataLoader: batch size \(batchSize) must be positive")
        precondition(prefetch >= 0, "DataLoader: prefetch depth \(prefetch) must not be negative")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.transform = transform
        self.seed = seed
        self.prefetch = prefetch
        directShape = transform.isEmpty ? dataset.uniformTensorShape : nil
    }

    /// Batches per epoch: ⌈count / batchSize⌉, or ⌊count / batchSize⌋ with `dropLast`.
    public var batchesPerEpoch: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The data-set indices in the order epoch `epoch` visits them.
    public func order(epoch: Int) -> [Int] {
        var order = Array(0..<dataset.count)
        guard shuffle else { return order }
        var random = RandomGenerator(seed: seed, stream: UInt64(epoch))
        random.shuffle(&order)
        return order
    }

    /// The generator the transforms of the sample at `position` (0-based, within the epoch) draw from.
    public func sampleGenerator(epoch: Int, position: Int) -> RandomGenerator {
        RandomGenerator(seed: augmentationSeed(epoch: epoch), stream: UInt64(position))
    }

    /// splitmix64(splitmix64(seed) + epoch): a seed per epoch for augmentation, unrelated to the shuffle streams.
    public func augmentationSeed(epoch: Int) -> UInt64 {
        DataLoader.splitMix64(DataLoader.splitMix64(seed) &+ UInt64(epoch))
    }

    /// The batches of epoch `epoch`, in order. With `prefetch > 0` a background thread starts preparing them now.
    public func batches(epoch: Int) -> BatchIterator<Dataset> {
        BatchIterator(loader: self, epoch: epoch)
    }

    /// Prepares batch `number` of an epoch whose visiting order is `order`, reusing `batch`'s storage when its
    /// shape allows (every batch but the last, in steady state): the one function both the synchronous and the
    /// prefetching paths call, so they cannot differ.
    func fill(_ batch: inout Batch, number: Int, epoch: Int, order: [Int]) throws(DatasetError) {
        let positions = number * batchSize ..< min((number + 1) * batchSize, order.count)
        batch.labels.removeAll(keepingCapacity: true)
        batch.indices.removeAll(keepingCapacity: true)
        if let shape = directShape {
            // No transforms and one known sample shape: bytes go straight into the batch, nothing is allocated.
            prepare(&batch, count: positions.count, sampleShape: shape)
        }
        for position in positions {
            let index = order[position]
            let slot = position - positions.lowerBound
            if let shape = directShape {
                try dataset.writeTensor(at: index, into: &batch.images.scalars, offset: slot * shape.reduce(1, *))
            } else {
                var random = sampleGenerator(epoch: epoch, position: position)
                let sample = transform.apply(ToTensor()(try dataset.image(at: index)), random: &random)
                if slot == 0 { prepare(&batch, count: positions.count, sampleShape: sample.shape) }
                guard batch.images.shape.dropFirst().elementsEqual(sample.shape) else {
                    throw .inconsistentSamples(reason: "sample \(index) is \(sample.shape.shapeDescription) after "
                        + "its transforms, but sample \(batch.indices[0]) of the same batch is "
                        + "\(Array(batch.images.shape.dropFirst()).shapeDescription): add a Resize (and "
                        + "Grayscale) so that all samples have one shape")
                }
                let offset = slot * sample.count
                for i in 0..<sample.count { batch.images.scalars[offset + i] = sample.scalars[i] }
            }
            batch.labels.append(dataset.label(at: index))
            batch.indices.append(index)
        }
    }

    /// Gives `batch.images` the shape `[count] + sampleShape`, keeping its storage if it already has it.
    private func prepare(_ batch: inout Batch, count: Int, sampleShape: [Int]) {
        let shape = batch.images.shape
        guard shape.first != count || !shape.dropFirst().elementsEqual(sampleShape) else { return }
        batch.images = Tensor(shape: [count] + sampleShape)
    }

    private static func splitMix64(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
