import Dispatch

/// How many workers the batch-parallel kernels (convolution so far) split their work across.
///
/// The workbook's thread rule: either ONE caller with `blasThreadCount` = cores (leave this at 1), or several
/// workers that each call BLAS with one thread (`BLASThreads.with(1)`, this = cores). Set it for a scope:
/// `try KernelWorkers.$count.withValue(2) { try train() }` — a task-local, so that concurrently running code (e.g.
/// tests) is not affected. The split is fixed (contiguous chunks in order) and partial sums are added in worker
/// order, so a given worker count gives bitwise-identical results run after run.
public enum KernelWorkers {
    @TaskLocal public static var count = 1

    /// Runs `body` under the second form of the rule, the one every training chapter uses: `workers` kernel workers
    /// split each batch, each calling BLAS with one thread. The bench measured it faster than one caller with
    /// multi-threaded BLAS, since pooling, ReLU and im2col split too; a given worker count adds partial sums in a
    /// fixed order, so runs repeat bit for bit.
    public static func splittingBatches<Result>(_ workers: Int, _ body: () throws -> Result) rethrows -> Result {
        try BLASThreads.with(1) { try $count.withValue(workers) { try body() } }
    }
}

/// Calls `body(chunk, worker)` for `KernelWorkers.count` contiguous chunks of 0..<count, concurrently when there is
/// more than one worker. Chunk w is [w·count/W, (w+1)·count/W).
@inline(__always)
func parallelChunks(_ count: Int, _ body: (Range<Int>, Int) -> Void) {
    let workers = max(1, min(KernelWorkers.count, count))
    guard workers > 1 else { return body(0..<count, 0) }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            box.value(count * worker / workers..<count * (worker + 1) / workers, worker)
        }
    }
}

/// Carries pointers and closures into worker threads; each worker writes a disjoint part.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
