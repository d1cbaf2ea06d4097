import Datasets
import DeepLearning
import Training

/// What a model-parallel run is given: the recipe of §5.2.3 and the number of micro-batches per step.
public struct ModelParallelConfiguration: Sendable, Equatable {
    public var model = DistributedModel.cnn
    /// Samples per optimizer step; both stages see every one of them (stage 0 their images, stage 1 their labels).
    public var batchSize = 64
    public var learningRate = 0.001
    public var seed: UInt64 = 0
    /// M, how many micro-batches each step's batch is cut into (GPipe).
    public var microBatches = 4
    /// Batch-preparing threads per rank.
    public var producers = 1

    public init() {}
}

/// The article's recipe cut into two pipeline stages on ranks 0 and 1 of `world`: the layers before the Flatten
/// (the convolutions) on rank 0, the Flatten and everything after it (the fully connected layers and the loss) on
/// rank 1. What `workbook model-parallel` and the tests run.
///
/// Every rank draws the whole model from the same generator as one process would (`DataParallelRun.weightStream`),
/// so each stage starts with one process's weights without any message; the ranks compare fingerprints of the
/// model, the data and the micro-batch count before the first step. Both ranks run the same loader (no shard): rank 0
/// takes each batch's images, rank 1 its labels. Each stage has its own parameter store and Adam: Adam's update is
/// element by element, so two optimizers over the two halves take one process's step.
public final class ModelParallelRun {
    public let world: Communicator
    public let configuration: ModelParallelConfiguration
    /// The whole model (every rank builds it; only this rank's stage trains).
    public let model: Sequential<Float>
    /// The index of the first layer of stage 1 in `model.layers` (its Flatten).
    public let cut: Int
    public let stage: PipelineStage
    public let loader: DataLoader<LabeledImages>

    public init(world: Communicator, fit: LabeledImages, normalization: InputNormalization,
                configuration: ModelParallelConfiguration) throws {
        guard world.size == 2 else {
            throw DistributedError("model-parallel training cuts the model into 2 stages for 2 ranks, got \(world.size) "
                                   + "rank\(world.size == 1 ? "" : "s"): start it with `mpiexec -n 2`")
        }
        self.world = world
        self.configuration = configuration
        guard !configuration.model.hasBatchNorm else {
            // A micro-batch's BatchNorm statistics are not the batch's: the pipeline would compute another function.
            throw DistributedError("model-parallel training takes models without BatchNorm (cnn, small), got "
                                   + configuration.model.rawValue)
        }
        var generator = RandomGenerator(seed: configuration.seed, stream: DataParallelRun.weightStream)
        model = configuration.model.build(statistics: .perRank, group: RankGroup(world: world), generator: &generator)
        guard let flatten = model.layers.firstIndex(where: { $0 is Flatten<Float> }) else {
            throw DistributedError("model-parallel training cuts the model at its Flatten; \(configuration.model) has none")
        }
        cut = flatten
        loader = DataLoader(fit, batchSize: configuration.batchSize, shuffle: true, normalization: normalization,
                            seed: configuration.seed, producers: configuration.producers)
        try world.requireAgreement(on: "the model (names and shapes of its tensors)", Fingerprint.architecture(of: model))
        try world.requireAgreement(on: "the weights drawn from the seed", Fingerprint.weights(of: model))
        try world.requireAgreement(on: "the data (data set, labels, batch size, shuffle seed, normalisation)",
                                   Fingerprint.data(of: loader))
        var micro = Fingerprint()
        micro.add(configuration.microBatches)
        try world.requireAgreement(on: "the number of micro-batches", micro)

        let isFirst = world.rank == 0
        let layers = isFirst ? Array(model.layers[..<cut]) : Array(model.layers[cut...])
        let stageModel = Sequential(name: "", layers: layers)
        let optimizer = try DeepLearning.Adam(ParameterStore(stageModel), learningRate: configuration.learningRate)
        // Stage 1's input: one sample's output of the layer before the cut, e.g. [128, 7, 7].
        let sampleShape = try isFirst ? Self.imageShape
            : Array(model.outputShapes(for: [1] + Self.imageShape)[cut - 1].dropFirst())
        stage = try PipelineStage(role: isFirst ? .first : .last, model: stageModel, optimizer: optimizer, world: world,
                                  microBatches: configuration.microBatches, batchSize: configuration.batchSize,
                                  sampleShape: sampleShape)
    }

    /// One Fashion-MNIST image.
    public static let imageShape = [1, 28, 28]

    public var trainer: Trainer<CrossEntropyLoss<Float>> { stage.trainer }

    /// Forward FLOPs per sample of stage 0 and of stage 1 (what decides how the work is split).
    public var forwardFlopsPerSample: (first: Int, last: Int) {
        let shapes = (try? model.childInputShapes(for: [1] + Self.imageShape)) ?? []
        let flops = zip(model.layers, shapes).map { $0.forwardFlops(for: $1) }
        return (flops[..<cut].reduce(0, +), flops[cut...].reduce(0, +))
    }

    /// One epoch (or its first `maximumSteps` steps) on both stages; returns each step's loss (the batch's mean,
    /// the same on both ranks).
    @discardableResult
    public func trainEpoch(_ epoch: Int, maximumSteps: Int = .max) throws -> [Float] {
        try stage.trainer.trainEpoch(loader, epoch: epoch, maximumSteps: maximumSteps) { batch in
            try stage.step(inputs: batch.inputs, labels: batch.targets)
        }
    }

    /// Rank 1's timeline on rank 0 (nil on rank 1); call on both ranks at once. Two messages: the count, then the
    /// numbers.
    public func otherStageTimeline() throws -> PipelineTimeline? {
        if world.rank == 1 {
            let numbers = stage.timeline.encoded
            try [Double(numbers.count)].withUnsafeBufferPointer { try world.send($0, to: 0, tag: 1) }
            try numbers.withUnsafeBufferPointer { try world.send($0, to: 0, tag: 2) }
            return nil
        }
        var count: [Double] = [0]
        try count.withUnsafeMutableBufferPointer { try world.receive(into: $0, from: 1, tag: 1) }
        var numbers = [Double](repeating: 0, count: Int(count[0]))
        try numbers.withUnsafeMutableBufferPointer { try world.receive(into: $0, from: 1, tag: 2) }
        guard let timeline = PipelineTimeline(encoded: numbers) else {
            throw DistributedError("rank 1 sent a timeline that does not decode (\(numbers.count) numbers)")
        }
        return timeline
    }
}
