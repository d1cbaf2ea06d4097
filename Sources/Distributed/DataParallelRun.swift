import Foundation
import Datasets
import DeepLearning
import Training

/// What a data-parallel run is given: the recipe, and how the ranks communicate.
public struct DataParallelConfiguration: Sendable, Equatable {
    public var model = DistributedModel.cnn
    public var statistics = DistributedModel.Statistics.perRank
    /// Samples per optimizer step over ALL ranks; each rank takes its shard (⌊B/N⌋ or ⌈B/N⌉).
    public var globalBatchSize = 64
    public var learningRate = 0.001
    /// The learning rate of each step from `learningRate` (the warm-up sweep's linear warm-up).
    public var schedule = LearningRateSchedule.constant
    public var seed: UInt64 = 0
    public var overlap = true
    public var firstBucketBytes = GradientBuckets.defaultFirstBucketBytes
    public var bucketBytes = GradientBuckets.defaultBucketBytes
    /// Batch-preparing threads per rank.
    public var producers = 1

    public init() {}
}

/// The article's recipe (CrossEntropyLoss, Adam, a shuffled loader) on every rank of `world`, each rank training on
/// its shard of every global batch, kept equal by `DataParallel`: what `workbook data-parallel` and the tests run.
///
/// Every rank draws the initial weights from the same generator as one process would (`RandomGenerator(seed:
/// seed, stream: 2⁶²)`, the stream of §5.2.3's CNNTrainer), and rank 0's are broadcast all the same.
public final class DataParallelRun {
    public static let weightStream: UInt64 = 1 << 62

    public let world: Communicator
    public let configuration: DataParallelConfiguration
    public let model: Sequential<Float>
    public let optimizer: DeepLearning.Adam<Float>
    public let trainer: Trainer<CrossEntropyLoss<Float>>
    public let loader: DataLoader<LabeledImages>
    public let dataParallel: DataParallel

    public init(world: Communicator, fit: LabeledImages, normalization: InputNormalization,
                configuration: DataParallelConfiguration) throws {
        self.world = world
        self.configuration = configuration
        let shortest = fit.count % configuration.globalBatchSize
        if configuration.model.hasBatchNorm && configuration.statistics == .synchronized
            && shortest > 0 && shortest < world.size {
            throw DistributedError("the last global batch has \(shortest) samples for \(world.size) ranks: a rank "
                                   + "would have none, and SyncBatchNorm needs every rank in every step; "
                                   + "choose another batch size")
        }
        let group = RankGroup(world: world)
        var generator = RandomGenerator(seed: configuration.seed, stream: Self.weightStream)
        model = configuration.model.build(statistics: configuration.statistics, group: group, generator: &generator)
        let store = ParameterStore(model)
        optimizer = try DeepLearning.Adam(store, learningRate: configuration.learningRate)
        loader = DataLoader(fit, batchSize: configuration.globalBatchSize, shuffle: true, normalization: normalization,
                            seed: configuration.seed, producers: configuration.producers,
                            shard: Shard(rank: world.rank, worldSize: world.size))
        dataParallel = try DataParallel(model: model, store: store, world: world,
                                        dataFingerprint: Fingerprint.data(of: loader),
                                        firstBucketBytes: configuration.firstBucketBytes,
                                        bucketBytes: configuration.bucketBytes, overlap: configuration.overlap,
                                        statisticsGroup: group)
        trainer = try Trainer(model: model, loss: CrossEntropyLoss(), optimizer: optimizer,
                              schedule: configuration.schedule, callbacks: [dataParallel])
    }

    /// One epoch (or its first `maximumSteps` steps) on every rank; returns the global loss of each step. With a
    /// `checkpoint` file, rank 0 then writes the run's state to it (atomically: the previous checkpoint stays until
    /// the new one is complete); the other ranks never write.
    @discardableResult
    public func trainEpoch(_ epoch: Int, maximumSteps: Int = .max, checkpoint: URL? = nil) throws -> [Float] {
        let losses = try trainer.trainEpoch(loader, epoch: epoch, maximumSteps: maximumSteps)
        if let checkpoint, world.isRoot {
            try Checkpoint(trainer.state, completedEpochs: epoch + 1, seed: configuration.seed, recipe: recipe)
                .save(to: checkpoint)
        }
        return losses
    }

    /// Everything that decides this run's steps but the seed (saved beside it) and the number of ranks: a
    /// checkpoint of another recipe cannot be resumed here. (The steps per epoch, when capped, are the caller's to
    /// keep the same.)
    public var recipe: String {
        "data-parallel \(configuration.model.rawValue), batch norm \(configuration.statistics.rawValue), "
            + "\(loader.dataset.count) fit images, global batch \(configuration.globalBatchSize), "
            + "Adam lr \(configuration.learningRate), schedule \(configuration.schedule)"
    }

    /// Puts the state of a checkpoint written by `trainEpoch` into this run on every rank and returns the epoch to
    /// train next. Every rank reads the file (from the shared folder the data set is read from too), then the ranks
    /// confirm by fingerprint that they hold the same weights and optimizer state.
    public func resume(from url: URL) throws -> Int {
        let checkpoint = try Checkpoint.load(from: url)
        guard checkpoint.seed == configuration.seed else {
            throw DistributedError("\(url.path) was written by a run of seed \(checkpoint.seed), this one has seed "
                                   + "\(configuration.seed): its later shuffles would differ", isCollective: true)
        }
        try checkpoint.restore(into: trainer.state, recipe: recipe)
        var print = Fingerprint.weights(of: model)
        let state = optimizer.state
        for name in state.buffers.keys.sorted() { state.buffers[name]!.withUnsafeBufferPointer { print.add($0) } }
        for name in state.counters.keys.sorted() { for count in state.counters[name]! { print.add(count) } }
        try world.requireAgreement(on: "the state resumed from \(url.lastPathComponent)", print)
        return checkpoint.completedEpochs
    }
}
