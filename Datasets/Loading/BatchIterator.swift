import Foundation

/// The batches of one epoch of a `DataLoader`, handed out by `next()`.
///
/// With prefetching, a producer thread prepares batches in order into a bounded queue (`prefetch` deep) while
/// the caller works on earlier ones. Batch storage circulates: when `next()` is called again, the batch it
/// returned last time goes back to the producer to be overwritten, so an epoch allocates only its first few
/// batches (and a smaller last one). A caller that keeps a batch keeps a valid copy: the producer's write then
/// copies the storage first (copy-on-write) instead of reusing it.
///
/// Dropping the iterator before the end stops the producer after the batch it is preparing.
public final class BatchIterator<Dataset: ImageDataset> {
    private let loader: DataLoader<Dataset>
    private let epoch: Int
    private let order: [Int]
    private let batchCount: Int
    /// Synchronous mode: the next batch number to prepare.
    private var nextNumber = 0
    /// The batch returned by the last `next()`, kept to be recycled.
    private var current: Batch?
    private let queue: PrefetchQueue?

    init(loader: DataLoader<Dataset>, epoch: Int) {
        self.loader = loader
        self.epoch = epoch
        order = loader.order(epoch: epoch)
        batchCount = loader.batchesPerEpoch
        guard loader.prefetch > 0 else {
            queue = nil
            return
        }
        let queue = PrefetchQueue(capacity: loader.prefetch)
        self.queue = queue
        let (order, batchCount) = (order, batchCount)
        let thread = Thread {
            for number in 0..<batchCount {
                guard var batch = queue.takeFreeBatch() else { return }  // cancelled
                do throws(DatasetError) {
                    try loader.fill(&batch, number: number, epoch: epoch, order: order)
                    queue.push(.success(batch))
                } catch {
                    queue.push(.failure(error))
                    return
                }
            }
            queue.finish()
        }
        thread.name = "DataLoader epoch \(epoch)"
        thread.start()
    }

    deinit { queue?.cancel() }

    /// The next batch, or nil after the last one. Throws what loading a sample threw (a missing or corrupt
    /// image, samples of different shapes); the epoch ends there.
    public func next() throws(DatasetError) -> Batch? {
        guard let queue else {
            guard nextNumber < batchCount else { return nil }
            var batch = current.take() ?? Batch()
            try loader.fill(&batch, number: nextNumber, epoch: epoch, order: order)
            nextNumber += 1
            current = batch
            return batch
        }
        if let previous = current.take() { queue.recycle(previous) }
        guard let result = queue.pop() else { return nil }
        let batch = try result.get()
        current = batch
        return batch
    }
}

/// The bounded hand-over between the producer thread and `next()`: ready batches in order, spent batches back.
final class PrefetchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    // All guarded by `condition`.
    private var ready: [Result<Batch, DatasetError>] = []
    private var spent: [Batch] = []
    private var finished = false
    private var cancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// Producer: waits for room in the queue, then returns a spent batch to overwrite (or a new one);
    /// nil once cancelled.
    func takeFreeBatch() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return nil }
        return spent.popLast() ?? Batch()
    }

    func push(_ result: Result<Batch, DatasetError>) {
        condition.lock()
        ready.append(result)
        if case .failure = result { finished = true }
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the oldest ready result, waiting for it if needed; nil when the producer has finished.
    func pop() -> Result<Batch, DatasetError>? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        guard !ready.isEmpty else { return nil }
        condition.broadcast()
        return ready.removeFirst()
    }

    func recycle(_ batch: Batch) {
        condition.lock()
        spent.append(batch)
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
