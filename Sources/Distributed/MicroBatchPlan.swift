import Datasets

/// How a pipeline cuts one batch of B samples into M micro-batches (GPipe, Huang et al. 2019), and how much each
/// one's loss weighs.
///
/// Micro-batch j holds the contiguous positions `Shard(rank: j, worldSize: M).slice(of: 0..<B)` (the same even
/// split the loader gives data-parallel ranks: sizes ⌊B/M⌋ or ⌈B/M⌉), and its mean loss is weighted by its share of
/// the batch, b_j/B, so that Σ_j (b_j/B)·L_j = (1/B) Σ_samples ℓ is the batch's mean loss, and the gradients that
/// add up over the micro-batches are the batch's mean gradient: exactly one process's function, an uneven split (a
/// short last batch) included. A batch smaller than M leaves some micro-batches empty; they are skipped by both
/// stages alike (each stage computes the plan from B and M).
public struct MicroBatchPlan: Equatable, Sendable {
    /// One non-empty micro-batch.
    public struct Part: Equatable, Sendable {
        /// Its index among the M micro-batches (the message tag of its activations and gradients).
        public var index: Int
        /// Its positions within the batch.
        public var positions: Range<Int>
        /// b_j/B, what its mean loss and so its gradients are multiplied by.
        public var weight: Float
    }

    public let batchSize: Int
    public let microBatches: Int
    /// The non-empty micro-batches, in order.
    public let parts: [Part]

    public init(batchSize: Int, microBatches: Int) {
        precondition(batchSize >= 0 && microBatches > 0, "MicroBatchPlan: \(batchSize) samples in \(microBatches) parts")
        self.batchSize = batchSize
        self.microBatches = microBatches
        parts = (0..<microBatches).compactMap { index in
            let positions = Shard(rank: index, worldSize: microBatches).slice(of: 0..<batchSize)
            guard !positions.isEmpty else { return nil }
            return Part(index: index, positions: positions, weight: Float(positions.count) / Float(batchSize))
        }
    }
}
