import DeepLearning

/// torch's `DataLoader` for image data sets, as a batch pipeline: mini-batches in a seeded order, each sample taken
/// through three stages, always in this order, on the producer threads and in place in the batch's storage:
///
/// 1. **decode**: the data set writes the sample's CHW values (`ToTensor`'s byte/255; `ResizedImages` also converts
///    channels and resizes), so that every batch has one sample shape, known before the first batch;
/// 2. **augment**: the `augmentation` steps in the order listed (RandomCrop with padding, RandomHorizontalFlip,
///    RandomRotation, ...), each in place with a scratch buffer its producer allocated once;
/// 3. **normalise**: `(x − mean[c]) / std[c]` with `normalization`, in Float as torchvision's `Normalize`. A stage of
///    the loader rather than a transform, so that it runs with or without augmentation and cannot be misplaced.
///
///     let loader = DataLoader(try FashionMNIST.load(.train), batchSize: 64, shuffle: true,
///                             augmentation: [RandomCrop(28, 28, padding: 4), RandomHorizontalFlip()],
///                             normalization: InputNormalization(mean: [0.286], std: [0.353]), seed: 42, producers: 2)
///     for epoch in 0..<10 {
///         let batches = loader.batches(epoch: epoch)
///         while let batch = try batches.next() { /* batch.images: [64, 1, 28, 28], batch.labels: [Int] */ }
///     }
///
/// Batches are prepared by `producers` threads (0: on the caller's thread in `next()`) and delivered in order.
/// Everything random is a function of (seed, epoch, position in the epoch), never of thread timing, so any number of
/// producers yields bit-for-bit the batches of a synchronous loader:
/// - the order of epoch e: Fisher–Yates over 0..<count with `RandomGenerator(seed: seed, stream: e)`, for i from
///   count − 1 down to 1 swapping i with `nextInt(below: i + 1)`; identity if `shuffle` is false;
/// - the augmentation of the sample at position p of epoch e draws from its own generator,
///   `RandomGenerator(seed: augmentationSeed(epoch: e), stream: p)` (see `sampleGenerator`).
///
/// A `sampler` (torch's `sampler=`, exclusive with `shuffle` as there) replaces the epoch's order: it may repeat
/// indices and make the epoch longer or shorter (`ClassOversampler`); batches, shards and augmentation follow its
/// positions exactly as they follow the shuffle's.
///
/// The last batch keeps the remaining samples (torch's `drop_last=False`) unless `dropLast` is set. With a `shard`
/// (data-parallel training), `batchSize` is the global batch size and each batch is this rank's slice of it.
public struct DataLoader<Dataset: ImageDataset>: Sendable {
    public let dataset: Dataset
    /// Samples per batch (of the global batch, when sharded).
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    /// Random shape-preserving steps applied to every sample after decoding, in order.
    public let augmentation: [any Augmentation]
    /// Applied to every sample last; nil keeps ToTensor's [0, 1] values.
    public let normalization: InputNormalization?
    public let seed: UInt64
    /// Threads that prepare batches while the caller trains on earlier ones; 0 prepares each batch in `next()`.
    public let producers: Int
    /// Which slice of every batch this process takes.
    public let shard: Shard
    /// The order of every epoch in place of the identity or the shuffle (nil: those).
    public let sampler: (any EpochSampler)?

    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = false, dropLast: Bool = false,
                augmentation: [any Augmentation] = [], normalization: InputNormalization? = nil, seed: UInt64 = 0,
                producers: Int = 1, shard: Shard = .whole, sampler: (any EpochSampler)? = nil) {
        precondition(batchSize > 0, "DataLoader: batch size \(batchSize) must be positive")
        precondition(producers >= 0, "DataLoader: \(producers) producers, expected 0 or more")
        precondition(sampler == nil || !shuffle, "DataLoader: a sampler is exclusive with shuffle (it sets the order)")
        precondition(sampler.map { $0.datasetCount == dataset.count } ?? true,
                     "DataLoader: the sampler was made for \(sampler?.datasetCount ?? 0) samples, the data set has \(dataset.count)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.augmentation = augmentation
        self.normalization = normalization
        self.seed = seed
        self.producers = producers
        self.shard = shard
        self.sampler = sampler
    }

    /// The samples an epoch visits: the data set's count, or the sampler's.
    public var samplesPerEpoch: Int { sampler?.samplesPerEpoch ?? dataset.count }

    /// Batches per epoch: ⌈samples / batchSize⌉, or ⌊samples / batchSize⌋ with `dropLast`; the same on every rank.
    public var batchesPerEpoch: Int {
        dropLast ? samplesPerEpoch / batchSize : (samplesPerEpoch + batchSize - 1) / batchSize
    }

    /// The data-set indices in the order epoch `epoch` visits them (all of them, whatever the shard).
    public func order(epoch: Int) -> [Int] {
        if let sampler { return sampler.order(epoch: epoch, seed: seed) }
        var order = Array(0..<dataset.count)
        guard shuffle else { return order }
        var random = RandomGenerator(seed: seed, stream: UInt64(epoch))
        random.shuffle(&order)
        return order
    }

    /// The positions in the epoch's order of global batch `number`: `number·batchSize` up to the next batch or the
    /// end of the epoch. This rank's batch is `shard.slice(of:)` of them.
    public func globalPositions(ofBatch number: Int) -> Range<Int> {
        number * batchSize ..< min((number + 1) * batchSize, samplesPerEpoch)
    }

    /// The generator the augmentation of the sample at `position` (0-based, within the epoch) draws from.
    public func sampleGenerator(epoch: Int, position: Int) -> RandomGenerator {
        RandomGenerator(seed: augmentationSeed(epoch: epoch), stream: UInt64(position))
    }

    /// splitmix64(splitmix64(seed) + epoch): a seed per epoch for augmentation, unrelated to the shuffle streams.
    public func augmentationSeed(epoch: Int) -> UInt64 {
        DataLoader.splitMix64(DataLoader.splitMix64(seed) &+ UInt64(epoch))
    }

    /// The batches of epoch `epoch`, in order. With producers, their threads start preparing them now.
    public func batches(epoch: Int) -> BatchIterator<Dataset> {
        BatchIterator(loader: self, epoch: epoch)
    }

    private static func splitMix64(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
