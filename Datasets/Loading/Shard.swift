/// One rank's part of every batch, for data-parallel training (one process per rank, e.g. over MPI): all ranks
/// visit the same global batches of the loader's `batchSize` in the same order, and rank r of `worldSize` N takes
/// the contiguous slice `[lo + len·r/N, lo + len·(r + 1)/N)` of the positions `lo..<lo + len` of each.
///
/// The slices of all ranks concatenate to the global batch; they differ in size by at most one sample, and a rank's
/// slice of a last batch shorter than N samples can be empty (every rank still gets that batch, so that all take the
/// same number of steps). Augmentation draws from the global position, so a sample is augmented exactly as in one
/// process.
public struct Shard: Equatable, Sendable {
    public let rank: Int
    public let worldSize: Int

    public init(rank: Int, worldSize: Int) {
        precondition(worldSize > 0 && (0..<worldSize).contains(rank), "Shard: rank \(rank) of a world of \(worldSize)")
        self.rank = rank
        self.worldSize = worldSize
    }

    /// The whole of every batch: one process.
    public static let whole = Shard(rank: 0, worldSize: 1)

    /// This rank's slice of the positions of one global batch.
    public func slice(of positions: Range<Int>) -> Range<Int> {
        let (low, length) = (positions.lowerBound, positions.count)
        return low + length * rank / worldSize ..< low + length * (rank + 1) / worldSize
    }
}
