/// One image of one split, e.g. test image 17 with label 3.
public struct ImageReference: Hashable, Sendable {
    public let split: String
    public let index: Int
    public let label: Int
}

/// Two or more images whose bytes are identical (same size, same channels, same pixels).
public struct DuplicateGroup: Equatable, Sendable {
    /// The identical images, in the order the splits were given, then by index.
    public let members: [ImageReference]

    /// How many of the identical images are in `split`.
    public func count(in split: String) -> Int { members.count { $0.split == split } }

    /// The distinct labels the identical images carry; more than one is a labelling conflict.
    public var labels: Set<Int> { Set(members.map(\.label)) }

    public var hasConflictingLabels: Bool { labels.count > 1 }
}

/// Exact-duplicate detection: images are grouped by their bytes (hashed, then compared in full, so a hash
/// collision cannot merge different images).
public enum DuplicateFinder {
    /// Every group of two or more identical images among all images of `splits`, in order of first occurrence.
    public static func groups(in splits: [(name: String, dataset: any ImageDataset)]) throws(DatasetError)
        -> [DuplicateGroup] {
        var groupOfImage: [ImageKey: Int] = [:]
        var members: [[ImageReference]] = []
        for (name, dataset) in splits {
            for index in 0..<dataset.count {
                let image = try dataset.image(at: index)
                let reference = ImageReference(split: name, index: index, label: dataset.label(at: index))
                let key = ImageKey(width: image.width, channels: image.channels, pixels: image.pixels)
                if let group = groupOfImage[key] {
                    members[group].append(reference)
                } else {
                    groupOfImage[key] = members.count
                    members.append([reference])
                }
            }
        }
        return members.filter { $0.count > 1 }.map(DuplicateGroup.init)
    }

    private struct ImageKey: Hashable {
        let width: Int
        let channels: Int
        let pixels: [UInt8]
    }
}

/// The duplicate counts chapter 3 reports for a train/test pair.
public struct DuplicateSummary: Equatable, Sendable {
    /// Groups with at least two training images.
    public let groupsWithinTrain: Int
    /// Training images that are copies of an earlier training image (each group counts its size − 1).
    public let redundantTrainImages: Int
    /// Groups with at least two test images.
    public let groupsWithinTest: Int
    /// Test images that are copies of an earlier test image.
    public let redundantTestImages: Int
    /// Groups with images in both splits.
    public let groupsAcrossSplits: Int
    /// Test images whose exact bytes also occur in the training split (leakage into evaluation).
    public let testImagesAlsoInTrain: Int
    /// Groups whose identical images carry different labels.
    public let groupsWithConflictingLabels: Int

    public init(_ groups: [DuplicateGroup], train: String = "train", test: String = "test") {
        let counts = groups.map { (train: $0.count(in: train), test: $0.count(in: test)) }
        groupsWithinTrain = counts.count { $0.train >= 2 }
        redundantTrainImages = counts.reduce(0) { $0 + max($1.train - 1, 0) }
        groupsWithinTest = counts.count { $0.test >= 2 }
        redundantTestImages = counts.reduce(0) { $0 + max($1.test - 1, 0) }
        groupsAcrossSplits = counts.count { $0.train >= 1 && $0.test >= 1 }
        testImagesAlsoInTrain = counts.reduce(0) { $0 + ($1.train >= 1 ? $1.test : 0) }
        groupsWithConflictingLabels = groups.count(where: \.hasConflictingLabels)
    }
}
