import Foundation

/// The bounded, ordered hand-over between the producer threads of one epoch and `BatchIterator.next()`.
///
/// Producers claim batch numbers in order (0, 1, 2, …), each with spent storage to overwrite, and deliver the
/// prepared batch into slot `number mod window`; the consumer takes the batches in order. Batch n can be claimed
/// only once batch n − window has been taken, so at most `window` batches are being prepared or waiting ahead of the
/// caller, and two batches never share a slot.
///
/// Storage circulates: spent batches come back through `recycle`. Storage for window + 1 batches is all an epoch
/// needs (window in flight, one with the caller); the first window + 1 claims create it and every later claim reuses
/// a spent batch, so that after them nothing is allocated whatever the threads' timing (a smaller last batch
/// excepted). Batches move in and out through `inout` optionals emptied under the lock, so that no thread keeps a
/// reference to a batch it handed over: a second reference, even for an instant, would make the next write to that
/// storage copy it.
final class BatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let batchCount: Int
    private let window: Int
    // All guarded by `condition`.
    /// Batch n, once delivered and until taken, in `slots[n % window]`.
    private var slots: [Result<Batch, DatasetError>?]
    private var spent: [Batch] = []
    private var nextToClaim = 0
    private var nextToTake = 0
    private var storageCount = 0
    /// Set when the iterator is dropped or a batch failed: nothing more is claimed.
    private var stopped = false

    init(batchCount: Int, window: Int) {
        precondition(window > 0, "BatchQueue: a window of \(window) batches")
        self.batchCount = batchCount
        self.window = window
        slots = Array(repeating: nil, count: window)
        spent.reserveCapacity(window + 2)
    }

    /// Producer: the next batch number to prepare, once the window has room, with storage to prepare it in put into
    /// `storage`; nil when every batch is claimed or the queue has stopped.
    func claim(storage: inout Batch?) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && nextToClaim < batchCount && nextToClaim >= nextToTake + window { condition.wait() }
        guard !stopped && nextToClaim < batchCount else { return nil }
        if storageCount < window + 1 {
            storageCount += 1
            storage = Batch()
        } else {
            // At most window − 1 batches are in flight besides this one and the caller holds one: one is spent.
            storage = spent.popLast()!
        }
        nextToClaim += 1
        return nextToClaim - 1
    }

    /// Producer: batch `number`, prepared; `batch` is empty afterwards.
    func deliver(_ batch: inout Batch?, number: Int) {
        condition.lock()
        slots[number % window] = .success(batch.take()!)
        condition.broadcast()
        condition.unlock()
    }

    /// Producer: batch `number` could not be prepared. The claims stop: the epoch ends there.
    func fail(_ error: DatasetError, number: Int) {
        condition.lock()
        slots[number % window] = .failure(error)
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next batch in order, waiting for it; nil after the last one or after a failure.
    func take() -> Result<Batch, DatasetError>? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToTake < batchCount else { return nil }
        while slots[nextToTake % window] == nil { condition.wait() }
        let result = slots[nextToTake % window].take()!
        nextToTake = result.isSuccess ? nextToTake + 1 : batchCount
        condition.broadcast()
        return result
    }

    /// Consumer: the batch the caller is done with, to be overwritten by a later one; `batch` is empty afterwards.
    func recycle(_ batch: inout Batch?) {
        condition.lock()
        spent.append(batch.take()!)
        condition.unlock()
    }

    /// The iterator is gone: producers finish the batch they are preparing and claim no more.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

private extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
