import Datasets

/// A group made rare: one class of the fit set cut to a fraction of its images, every other class kept whole.
///
/// The kept images of the class are `FewShotSubset`'s stratified draw (its indices shuffled by
/// `RandomGenerator(seed:, stream: FewShotSubset.streamBase + class)`, the first k taken), so a seed always keeps
/// the same images and its draws are nested: the 2% it keeps are among its 5%, those among its 20%.
public enum RareClassSubset {
    /// How many of a class's `count` images `fraction` keeps: ⌊f·count + ½⌋, at least 1 (at 2% of the fit set's
    /// ~5,500 Shirts: 110).
    public static func keptCount(of count: Int, fraction: Double) -> Int {
        max(1, Int((fraction * Double(count)).rounded()))
    }

    /// The indices (ascending) of every image not of `rareClass` and of `keptCount` images of it drawn for `seed`.
    public static func indices(labels: [Int], rareClass: Int, keepFraction: Double, seed: UInt64) throws -> [Int] {
        let members = labels.reduce(0) { $0 + ($1 == rareClass ? 1 : 0) }
        let kept = try FewShotSubset.indices(labels: labels, classes: [rareClass],
                                             perClass: keptCount(of: members, fraction: keepFraction), seed: seed)
        return (labels.indices.filter { labels[$0] != rareClass } + kept).sorted()
    }

    /// The images at those indices, labels and class names unchanged.
    public static func images(_ fit: LabeledImages, rareClass: Int, keepFraction: Double, seed: UInt64) throws -> LabeledImages {
        fit.subset(try indices(labels: fit.labels, rareClass: rareClass, keepFraction: keepFraction, seed: seed))
    }
}
