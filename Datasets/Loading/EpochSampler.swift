/// torch's `Sampler` for the `DataLoader`: which data-set indices an epoch visits, in order (an index may repeat,
/// and an epoch may be longer or shorter than the data set). The order must be a function of (the loader's seed,
/// the epoch) only, so that every producer count and every rank sees the same epoch: the loader calls it once per
/// epoch, before any producer starts, and cuts the order into batches as it cuts its own shuffle.
public protocol EpochSampler: Sendable {
    /// The number of samples of the data set the sampler was made for (the loader checks it is its own).
    var datasetCount: Int { get }
    /// The samples an epoch visits: positions 0..<samplesPerEpoch, the same for every epoch.
    var samplesPerEpoch: Int { get }
    /// The data-set indices (each in 0..<datasetCount) that epoch `epoch` visits, `samplesPerEpoch` of them, in
    /// order, drawn from `seed`.
    func order(epoch: Int, seed: UInt64) -> [Int]
}
