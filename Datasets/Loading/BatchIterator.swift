import Foundation

/// The batches of one epoch of a `DataLoader`, handed out in order by `next()`.
///
/// With producers, that many threads prepare batches into a bounded queue (`BatchQueue`, two batches ahead per
/// producer) while the caller works on earlier ones; without, `next()` prepares each batch itself. Batch storage
/// circulates: when `next()` is called again, the batch it returned last time goes back to be overwritten, so an
/// epoch allocates only its first few batches (and a smaller last one). A caller that keeps a batch keeps a valid
/// copy: the next write then copies the storage first (copy-on-write) instead of reusing it.
///
/// The iterator is returned once every producer thread is running, its own storage made: a thread the scheduler
/// starts late (on a loaded machine) would otherwise allocate its start-up (Foundation's thread state, the scratch
/// sample) in the middle of an epoch, after the steady state has begun.
///
/// Dropping the iterator before the end stops the producers after the batches they are preparing.
public final class BatchIterator<Dataset: ImageDataset> {
    private let loader: DataLoader<Dataset>
    /// nil when the epoch has no batch or could not be planned (`pendingError`).
    private let plan: EpochPlan?
    /// Why the epoch could not be planned, thrown by the first `next()`.
    private var pendingError: DatasetError?
    private let queue: BatchQueue?
    // Synchronous mode (no producers).
    /// The next batch number to prepare; `batchCount` once the epoch is over or failed.
    private var nextNumber = 0
    /// The batch returned by the last `next()`, kept to be recycled.
    private var current: Batch?
    private var scratch: [Float] = []

    init(loader: DataLoader<Dataset>, epoch: Int) {
        self.loader = loader
        var plan: EpochPlan?
        do { plan = try loader.plan(epoch: epoch) } catch { pendingError = error }
        self.plan = plan
        guard let plan, loader.producers > 0 else {
            queue = nil
            scratch = [Float](repeating: 0, count: plan?.sampleShape.count ?? 0)
            return
        }
        let queue = BatchQueue(batchCount: plan.batchCount, window: 2 * loader.producers)
        self.queue = queue
        let running = DispatchSemaphore(value: 0)
        for producer in 0..<loader.producers {
            let thread = Thread {
                var scratch = [Float](repeating: 0, count: plan.sampleShape.count)
                running.signal()
                var batch: Batch?
                while let number = queue.claim(storage: &batch) {
                    do throws(DatasetError) {
                        try loader.prepare(&batch!, number: number, plan: plan, scratch: &scratch)
                        queue.deliver(&batch, number: number)
                    } catch {
                        queue.fail(error, number: number)
                    }
                }
            }
            thread.name = "DataLoader epoch \(epoch) producer \(producer)"
            thread.start()
        }
        for _ in 0..<loader.producers { running.wait() }
    }

    deinit { queue?.stop() }

    /// The next batch, or nil after the last one. Throws what decoding a sample threw (a missing or corrupt image,
    /// a sample of another shape) or why a stage does not fit the samples; the epoch ends there.
    public func next() throws(DatasetError) -> Batch? {
        if let error = pendingError.take() { throw error }
        guard let plan else { return nil }
        guard let queue else {
            guard nextNumber < plan.batchCount else { return nil }
            var batch = current.take() ?? Batch()
            do throws(DatasetError) {
                try loader.prepare(&batch, number: nextNumber, plan: plan, scratch: &scratch)
            } catch {
                nextNumber = plan.batchCount
                throw error
            }
            nextNumber += 1
            current = batch
            return batch
        }
        if current != nil { queue.recycle(&current) }
        guard let result = queue.take() else { return nil }
        let batch = try result.get()
        current = batch
        return batch
    }
}
