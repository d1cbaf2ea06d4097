import Glibc
import Kernels
import Training

/// A `BatchSource` that passes another's batches through unchanged and adds up, on the monotonic clock, the time
/// the training thread spends inside the source: `batches(epoch:)` (drawing the order, starting the producer
/// threads) and every `next()` (waiting for a producer to hand over the batch, or preparing it itself with 0
/// producers). With producers that keep ahead of the step, `next()` only takes a ready batch and this stays near 0;
/// when they fall behind (a producer thread competing with the kernel workers for the cores), the step starves
/// and the wait shows here. It also counts the images handed out, so an epoch cut short still divides right.
struct LoaderWaitClock<Source: BatchSource>: BatchSource {
    /// What the clock has added up since it was made (a class, so that the iterators the trainer holds add to it).
    final class Totals {
        var seconds = 0.0
        var images = 0
    }

    let source: Source
    let totals = Totals()

    init(_ source: Source) { self.source = source }

    var batchesPerEpoch: Int { source.batchesPerEpoch }

    func batches(epoch: Int) -> Batches {
        let start = clockSeconds(CLOCK_MONOTONIC)
        let batches = source.batches(epoch: epoch)
        totals.seconds += clockSeconds(CLOCK_MONOTONIC) - start
        return Batches(base: batches, totals: totals)
    }

    struct Batches: EpochBatches {
        var base: Source.Batches
        let totals: Totals

        mutating func next() throws -> Source.Batches.Batch? {
            let start = clockSeconds(CLOCK_MONOTONIC)
            let batch = try base.next()
            totals.seconds += clockSeconds(CLOCK_MONOTONIC) - start
            totals.images += batch?.inputs.shape[0] ?? 0
            return batch
        }
    }
}
