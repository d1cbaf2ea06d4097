import Datasets
import DeepLearning

/// The labelled few: k images of each class, drawn at random from the fit set for a declared seed.
///
/// Stratified: exactly k of each class. Deterministic: class c's indices (in data-set order) are shuffled by
/// `RandomGenerator(seed: seed, stream: streamBase + c)` and the first k are taken, so a seed always draws the same
/// images, and the draws of one seed are nested (its 5 images of a class include its 1, its 20 include its 5): the
/// curve over k adds labels to the same images instead of drawing new ones.
public enum FewShotSubset {
    /// Far from the data loader's per-epoch streams and from `CNNTrainer.weightStream`.
    public static let streamBase: UInt64 = 1 << 61

    /// The indices (ascending) of `perClass` images of each class in `classes`; throws if a class has fewer.
    public static func indices(labels: [Int], classes: [Int], perClass: Int, seed: UInt64) throws -> [Int] {
        guard perClass > 0 else { throw OptionError("k must be positive, got \(perClass)") }
        var chosen: [Int] = []
        for c in classes {
            var members = labels.indices.filter { labels[$0] == c }
            guard members.count >= perClass else {
                throw OptionError("class \(c) has \(members.count) images, fewer than k = \(perClass)")
            }
            var generator = RandomGenerator(seed: seed, stream: streamBase + UInt64(c))
            generator.shuffle(&members)
            chosen += members.prefix(perClass)
        }
        return chosen.sorted()
    }

    /// The images at `indices`, of classes `classes` only, relabelled 0, 1, … in the order of `classes` (classes
    /// 5–9 become a 5-way task's 0–4) and named as they were.
    public static func images(_ images: LabeledImages, at indices: [Int], classes: [Int]) -> LabeledImages {
        let subset = images.subset(indices)
        let position = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        return LabeledImages(width: subset.width, height: subset.height, channels: subset.channels,
                             pixels: subset.pixels,
                             labels: subset.labels.map { label in
                                 guard let new = position[label] else { preconditionFailure("FewShotSubset: label \(label) not in \(classes)") }
                                 return new
                             },
                             classNames: classes.map { images.classNames[$0] })
    }

    /// Every image of `images` whose class is in `classes`, relabelled as `images(_:at:classes:)` does.
    public static func images(_ images: LabeledImages, ofClasses classes: [Int]) -> LabeledImages {
        let wanted = Set(classes)
        return self.images(images, at: images.labels.indices.filter { wanted.contains(images.labels[$0]) }, classes: classes)
    }
}
