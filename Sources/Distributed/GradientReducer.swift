import Foundation
import DeepLearning

/// Averages the gradients of all ranks during backward: PyTorch DDP's reducer in our words.
///
/// Each rank's backward pass adds its local batch's mean gradient into the store's one gradient buffer. The
/// reducer watches the backward pass (a `BackwardObserver` on the model's Sequentials): when every parameter of a
/// bucket has its final gradient, it scales the bucket by this rank's share of the global batch, n_r/n (so that
/// the SUM over ranks is the global batch's mean gradient, uneven or empty shards included), and starts a
/// non-blocking all-reduce on it in place. Buckets are started strictly in index order, on every rank the same, as
/// MPI requires of collectives. While the layers before compute their gradients the all-reduce is in flight;
/// `finish()` starts what is left and waits for all. Each report during backward also tests the requests in
/// flight, since MPICH moves a non-blocking collective on only inside MPI calls.
///
/// With `overlap` false (or a model with shared parameters, whose first report is not final) nothing starts
/// during backward: `finish()` all-reduces every bucket then, as a step without overlap would.
public final class GradientReducer: BackwardObserver {
    public let buckets: GradientBuckets
    public let overlap: Bool
    private let world: Communicator
    private let gradients: UnsafeMutableBufferPointer<Float>
    /// For each observed layer, the store entries of its subtree.
    private let entriesOfLayer: [ObjectIdentifier: [Int]]
    // Per step; reset by `finish()`.
    private var entryDone: [Bool]
    private var pendingInBucket: [Int]
    private var nextToStart = 0
    private var requests: [Communicator.Request]
    /// An MPI error met during backward, thrown by the next `finish()`.
    private var failure: DistributedError?
    /// This rank's share of the global batch, n_r/n, set before each step's backward.
    public var weight: Float = 1
    /// Seconds spent inside `finish()` waiting for all-reduces (what the overlap could not hide), summed over steps.
    public private(set) var waitSeconds = 0.0
    /// Buckets started during backward, and in `finish()`, summed over steps (which one overlapped).
    public private(set) var startedDuringBackward = 0
    public private(set) var startedAtFinish = 0

    public init(model: some Layer<Float>, store: ParameterStore<Float>, world: Communicator,
                firstBucketBytes: Int = GradientBuckets.defaultFirstBucketBytes,
                bucketBytes: Int = GradientBuckets.defaultBucketBytes, overlap: Bool = true) {
        buckets = GradientBuckets(store, firstBucketBytes: firstBucketBytes, bucketBytes: bucketBytes)
        self.world = world
        gradients = store.gradients
        let entryIndex = Dictionary(uniqueKeysWithValues: store.entries.enumerated().map {
            (ObjectIdentifier($0.element.parameter), $0.offset)
        })
        var owners: [ObjectIdentifier: Int] = [:]
        var map: [ObjectIdentifier: [Int]] = [:]
        for named in model.namedLayers() {
            for parameter in named.layer.ownParameters { owners[ObjectIdentifier(parameter), default: 0] += 1 }
            map[ObjectIdentifier(named.layer)] = named.layer.namedParameters().compactMap {
                entryIndex[ObjectIdentifier($0.parameter)]
            }
        }
        entriesOfLayer = map
        self.overlap = overlap && owners.values.allSatisfy { $0 == 1 }
        entryDone = Array(repeating: false, count: store.entries.count)
        pendingInBucket = buckets.buckets.map(\.entries.count)
        requests = []
        requests.reserveCapacity(buckets.buckets.count)
        if self.overlap { model.observeBackward(by: self) }
    }

    public func backwardDidFinish(_ layer: any Layer<Float>) {
        guard let entries = entriesOfLayer[ObjectIdentifier(layer)] else { return }
        for entry in entries where !entryDone[entry] {
            entryDone[entry] = true
            pendingInBucket[buckets.bucketOfEntry[entry]] -= 1
        }
        do {
            while nextToStart < buckets.buckets.count && pendingInBucket[nextToStart] == 0 {
                try start(nextToStart)
                startedDuringBackward += 1
            }
            for index in requests.indices { _ = try requests[index].test() }
        } catch {
            failure = failure ?? error   // backward cannot throw from here: `finish()` does
        }
    }

    /// Starts every bucket not started yet, waits for all, and readies the reducer for the next step. Afterwards
    /// the gradient buffer holds Σ_r (n_r/n)·g_r on every rank.
    public func finish() throws(DistributedError) {
        if let failure = failure.take() { throw failure }
        while nextToStart < buckets.buckets.count {
            try start(nextToStart)
            startedAtFinish += 1
        }
        let waitStart = Date()
        for index in requests.indices { try requests[index].wait() }
        waitSeconds += Date().timeIntervalSince(waitStart)
        requests.removeAll(keepingCapacity: true)
        nextToStart = 0
        for index in entryDone.indices { entryDone[index] = false }
        for (index, bucket) in buckets.buckets.enumerated() { pendingInBucket[index] = bucket.entries.count }
    }

    private func start(_ index: Int) throws(DistributedError) {
        let bucket = UnsafeMutableBufferPointer(rebasing: gradients[buckets.buckets[index].range])
        if weight != 1 { scale(bucket, by: weight) }
        requests.append(try world.startAllreduce(bucket))
        nextToStart += 1
    }
}
