/// What every producer of one epoch shares: the epoch, the order it visits the data set in, and the one shape of
/// its samples, against which every stage of the loader has been checked.
struct EpochPlan: Sendable {
    let epoch: Int
    /// Data-set indices in visiting order: position p of the epoch is sample `order[p]`.
    let order: [Int]
    let sampleShape: ImageShape
    let batchCount: Int
}
