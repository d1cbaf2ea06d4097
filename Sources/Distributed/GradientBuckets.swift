import DeepLearning

/// How the gradient buffer is cut into the buckets that data-parallel training all-reduces, one call per bucket
/// (PyTorch DDP's reducer: `bucket_cap_mb` = 25 and a first bucket of 1 MB).
///
/// Backward produces the gradients of the last parameters first, so buckets are filled from the END of the store:
/// bucket 0 takes parameters from the last one backwards until it holds at least `firstBucketBytes`, every later
/// bucket until it holds `bucketBytes`, never splitting a parameter. The store is contiguous in parameter order, so
/// each bucket is one range of the buffer and the all-reduce runs on it in place, with no copy. The small first
/// bucket starts communication early; the larger later ones pay MPI's per-call latency less often.
///
/// The article's CNN (3.5 MB of gradients) with DDP's sizes: bucket 0 = fc2.bias … fc1.weight (3.2 MB, fc1 alone
/// is 3.2 MB), bucket 1 = conv2.bias … conv1.weight (0.3 MB).
public struct GradientBuckets: Sendable, Equatable {
    /// A bucket: its range of the gradient buffer and the store entries (parameters) in it.
    public struct Bucket: Sendable, Equatable {
        public var range: Range<Int>
        public var entries: Range<Int>
    }

    /// In the order they are all-reduced: the last parameters first.
    public let buckets: [Bucket]
    /// The bucket of each store entry.
    public let bucketOfEntry: [Int]

    public static let defaultFirstBucketBytes = 1 << 20
    public static let defaultBucketBytes = 25 << 20

    /// The buckets of `store`, sized in bytes of `Float` gradients.
    public init<Scalar>(_ store: ParameterStore<Scalar>, firstBucketBytes: Int = defaultFirstBucketBytes,
                        bucketBytes: Int = defaultBucketBytes) {
        self.init(parameterCounts: store.entries.map(\.parameter.count), scalarBytes: MemoryLayout<Scalar>.stride,
                  firstBucketBytes: firstBucketBytes, bucketBytes: bucketBytes)
    }

    /// The buckets of parameters of these counts, laid out one after another in this order.
    public init(parameterCounts: [Int], scalarBytes: Int, firstBucketBytes: Int, bucketBytes: Int) {
        precondition(firstBucketBytes > 0 && bucketBytes > 0, "GradientBuckets: bucket sizes must be positive")
        var offsets: [Int] = [], total = 0
        for count in parameterCounts {
            offsets.append(total)
            total += count
        }
        var buckets: [Bucket] = [], owner = [Int](repeating: 0, count: parameterCounts.count)
        var end = parameterCounts.count, entry = parameterCounts.count
        while entry > 0 {
            let limit = buckets.isEmpty ? firstBucketBytes : bucketBytes
            var bytes = 0
            while entry > 0 && bytes < limit {
                entry -= 1
                bytes += parameterCounts[entry] * scalarBytes
                owner[entry] = buckets.count
            }
            let start = entry < parameterCounts.count ? offsets[entry] : total
            buckets.append(Bucket(range: start ..< (end < parameterCounts.count ? offsets[end] : total),
                                  entries: entry ..< end))
            end = entry
        }
        self.buckets = buckets
        bucketOfEntry = owner
    }
}
