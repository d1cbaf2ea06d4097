/// The ranks a synchronised BatchNorm computes its statistics over: how it sums numbers across them, and this
/// rank's share of the global loss. `ThisProcessOnly` is a world of one; data-parallel training supplies one
/// over MPI.
public protocol BatchStatisticsGroup: AnyObject {
    /// Replaces every number of `values` by its sum over the ranks (every rank calls it, in the same order).
    func sumOverRanks(_ values: UnsafeMutableBufferPointer<Double>) throws
    /// n_r/n, the weight of this rank's mean loss in the global batch's: the data-parallel average multiplies
    /// this rank's gradients by it, so the backward pass divides by it where it mixes in other ranks' terms.
    var lossShare: Double { get }
}

/// A world of one rank: the sums are this process's, the share is 1. SyncBatchNorm2d over it is BatchNorm2d.
public final class ThisProcessOnly: BatchStatisticsGroup {
    public init() {}
    public func sumOverRanks(_ values: UnsafeMutableBufferPointer<Double>) throws {}
    public var lossShare: Double { 1 }
}

/// BatchNorm2d whose training statistics are those of the GLOBAL batch, over every rank of `group` (PyTorch's
/// SyncBatchNorm): forward all-reduces Σx and Σx² per channel (2C numbers) and normalises with the global mean
/// and variance; backward all-reduces Σdy and Σdy·x̂ and takes the global mean of both in ∂L/∂x. N ranks with local
/// batches B/N then compute what one process computes on batch B, where BatchNorm2d on each rank (DDP's default)
/// normalises each shard by its own statistics.
///
/// input [N, C, H, W] → output [N, C, H, W]. Same parameters and buffers, same names, as BatchNorm2d (a checkpoint
/// loads into either); evaluation uses the running estimates, with no communication. Every rank must take part in
/// every training forward and backward: a rank with an empty shard cannot (the training setup refuses such a batch
/// size).
public final class SyncBatchNorm2d<Scalar: KernelScalar>: Layer {
    public let name: String
    public let channels: Int
    public let momentum: Scalar
    public let epsilon: Scalar
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    public let runningMean: Parameter<Scalar>
    public let runningVariance: Parameter<Scalar>
    public let batchesTracked: Parameter<Scalar>
    public let group: any BatchStatisticsGroup
    public var isTraining = true
    public var needsInputGradient = true

    private let local: BatchNorm2d<Scalar>
    private var shapes = ShapeMemo()
    private var saved = BatchNormSaved<Scalar>()
    private var usedBatchStatistics = true
    private var globalCount = 0
    private var share = 1.0
    /// [2C + 1]: Σx and Σx² per channel, then the count of values per channel, all-reduced in one call.
    private var forwardSums: [Double]
    /// [2C]: Σw·dy and Σw·dy·x̂ per channel, this rank's and all-reduced.
    private var localSums: [Double]
    private var globalSums: [Double]
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, channels: Int, group: any BatchStatisticsGroup, momentum: Scalar = 0.1,
                epsilon: Scalar = 1e-5) {
        // The parameters and buffers, and the evaluation pass, are BatchNorm2d's.
        local = BatchNorm2d(name: name, channels: channels, momentum: momentum, epsilon: epsilon)
        self.name = name
        self.channels = channels
        self.momentum = momentum
        self.epsilon = epsilon
        self.group = group
        (weight, bias) = (local.weight, local.bias)
        (runningMean, runningVariance, batchesTracked) = (local.runningMean, local.runningVariance, local.batchesTracked)
        forwardSums = Array(repeating: 0, count: 2 * channels + 1)
        localSums = Array(repeating: 0, count: 2 * channels)
        globalSums = localSums
    }

    public var typeName: String { "SyncBatchNorm" }
    public var ownParameters: [Parameter<Scalar>] { local.ownParameters }
    public var ownBuffers: [Parameter<Scalar>] { local.ownBuffers }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { try local.outputShape(for: inputShape) }

    /// input [N, C, H, W] → output [N, C, H, W], normalised by the statistics of every rank's batch.
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        usedBatchStatistics = isTraining
        guard isTraining else {
            local.isTraining = false
            return try local.forward(input)
        }
        let shape = try shapes.outputShape(for: input.shape, of: self)
        let plane = shape[2] * shape[3]
        forwardSums.withUnsafeMutableBufferPointer { all in
            batchNormChannelSums(input: input.scalars, batch: shape[0], channels: channels, plane: plane,
                                 sums: UnsafeMutableBufferPointer(rebasing: all[0 ..< 2 * channels]))
        }
        forwardSums[2 * channels] = Double(shape[0] * plane)
        try forwardSums.withUnsafeMutableBufferPointer { try group.sumOverRanks($0) }
        globalCount = Int(forwardSums[2 * channels])
        guard globalCount > 1 else {
            throw ShapeError(layer: name, problem: "expected more than 1 value per channel over all ranks when "
                             + "training, got \(globalCount)", inputShape: input.shape)
        }
        share = group.lossShare
        forwardSums.withUnsafeBufferPointer { all in
            batchNormNormalize(input: input.scalars, batch: shape[0], channels: channels, plane: plane,
                               globalSums: UnsafeBufferPointer(rebasing: all[0 ..< 2 * channels]),
                               globalCount: globalCount, gamma: weight.values.baseAddress!,
                               beta: bias.values.baseAddress!, runningMean: runningMean.values.baseAddress!,
                               runningVariance: runningVariance.values.baseAddress!, momentum: momentum,
                               epsilon: epsilon, saved: &saved, output: &output)
        }
        batchesTracked.values[0] += 1
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [N, C, H, W] → inputGradient [N, C, H, W]; adds dγ and dβ [C].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard usedBatchStatistics else { return try local.backward(outputGradient) }
        try shapes.checkGradient(outputGradient.shape, of: self)
        let shape = shapes.input, plane = shape[2] * shape[3]
        localSums.withUnsafeMutableBufferPointer { sums in
            batchNormBackwardSums(outputGradient: outputGradient.scalars, batch: shape[0], channels: channels,
                                  plane: plane, saved: saved, weight: share, sums: sums)
        }
        for index in localSums.indices { globalSums[index] = localSums[index] }
        try globalSums.withUnsafeMutableBufferPointer { try group.sumOverRanks($0) }
        globalSums.withUnsafeBufferPointer { global in
            localSums.withUnsafeBufferPointer { mine in
                batchNormBackwardInput(outputGradient: outputGradient.scalars, batch: shape[0], channels: channels,
                                       plane: plane, gamma: weight.values.baseAddress!, saved: saved,
                                       globalSums: global, globalCount: globalCount, weight: share, localSums: mine,
                                       gammaGradient: weight.gradientTarget, betaGradient: bias.gradientTarget,
                                       inputGradient: &inputGradient)
            }
        }
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        return Tensor(shape: shape, scalars: inputGradient)
    }
}
