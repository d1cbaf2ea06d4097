import DeepLearning

/// Oversampling a rare class in the loader: every epoch visits each image of the other classes once and `draws`
/// images of `oversampledClass` drawn uniformly *with replacement* from its images, all in one shuffled order.
/// With `draws` = the largest other class's count (`balancing`) the rare class is seen as often per epoch as the
/// most frequent one, as torch's `WeightedRandomSampler` with weights ∝ 1/frequency does on average; here the other
/// classes keep exact once-per-epoch passes and only the rare class is drawn.
///
/// Epoch e, from the loader's seed s (a function of (s, e) only, like the loader's own shuffle):
/// 1. draw k = 0..<draws: `members[random.nextInt(below: members.count)]` with
///    `random = RandomGenerator(seed: s, stream: drawStreamBase + e)`;
/// 2. the list [every other index, ascending] + [the draws, in draw order] is shuffled by Fisher–Yates with
///    `RandomGenerator(seed: s, stream: e)`, the stream the loader's shuffle of epoch e uses.
///
/// An epoch has `others + draws` samples: more than the data set when the class is oversampled (at 2% of
/// Fashion-MNIST's Shirts: 49,500 + 5,5xx draws ≈ 55,000 against 49,610 images).
public struct ClassOversampler: EpochSampler {
    /// The stream base of the per-epoch draws: far from the shuffle's streams 0, 1, 2, … and from the weight and
    /// subset streams (2⁶², 2⁶¹).
    public static let drawStreamBase: UInt64 = 1 << 60

    public let oversampledClass: Int
    /// Images of the oversampled class drawn per epoch.
    public let draws: Int
    public let datasetCount: Int
    /// The data-set indices of the oversampled class and of every other class, ascending.
    let members: [Int]
    let others: [Int]

    public var samplesPerEpoch: Int { others.count + draws }

    /// Traps when the class has no image or `draws` is negative (the callers derive both from the data).
    public init(labels: [Int], oversampledClass: Int, draws: Int) {
        members = labels.indices.filter { labels[$0] == oversampledClass }
        others = labels.indices.filter { labels[$0] != oversampledClass }
        precondition(!members.isEmpty, "ClassOversampler: class \(oversampledClass) has no image to draw")
        precondition(draws >= 0, "ClassOversampler: \(draws) draws")
        self.oversampledClass = oversampledClass
        self.draws = draws
        datasetCount = labels.count
    }

    /// Draws as many images of `oversampledClass` per epoch as the largest other class has.
    public static func balancing(labels: [Int], oversampledClass: Int) -> ClassOversampler {
        var counts: [Int: Int] = [:]
        for label in labels where label != oversampledClass { counts[label, default: 0] += 1 }
        return ClassOversampler(labels: labels, oversampledClass: oversampledClass, draws: counts.values.max() ?? 0)
    }

    public func order(epoch: Int, seed: UInt64) -> [Int] {
        var random = RandomGenerator(seed: seed, stream: Self.drawStreamBase &+ UInt64(epoch))
        var order = others
        order.reserveCapacity(samplesPerEpoch)
        for _ in 0..<draws { order.append(members[random.nextInt(below: members.count)]) }
        var shuffle = RandomGenerator(seed: seed, stream: UInt64(epoch))
        shuffle.shuffle(&order)
        return order
    }
}
