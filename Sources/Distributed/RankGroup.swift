import DeepLearning

/// Every rank of an MPI job as the group a SyncBatchNorm2d computes its statistics over: sums by all-reduce, and
/// this rank's loss share, which `DataParallel` sets before each step.
public final class RankGroup: BatchStatisticsGroup {
    public let world: Communicator
    public var lossShare: Double

    public init(world: Communicator) {
        self.world = world
        lossShare = 1 / Double(world.size)
    }

    public func sumOverRanks(_ values: UnsafeMutableBufferPointer<Double>) throws {
        try world.allreduce(values)
    }
}
