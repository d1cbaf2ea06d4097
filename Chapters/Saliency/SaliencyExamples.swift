/// The test images the step explains, chosen by a rule fixed before any map was drawn: correctly classified images
/// of different classes, misclassified ones of different classes, and Shirts (the class §9.4's fairness step
/// studies as the one the CNN serves worst), both right and wrong. Each image is explained for its true class, the
/// class occlusion's "drop in the true class's probability" refers to; for a correct image that is also the
/// predicted class.
public struct SaliencyExamples: Sendable, Equatable {
    /// Why an image is in the grid.
    public enum Kind: String, Sendable {
        case correct, wrong, shirtCorrect = "Shirt, correct", shirtWrong = "Shirt, wrong"
    }

    public struct Example: Sendable, Equatable {
        /// The index in the test set.
        public var index: Int
        public var label: Int
        public var prediction: Int
        public var kind: Kind
    }

    public var examples: [Example]

    /// Fashion-MNIST's class 6.
    public static let shirt = 6
    /// How many of each kind: 3 correct, 3 wrong (neither of them Shirts), 1 correct Shirt, 2 wrong Shirts.
    public static let counts: [(Kind, Int)] = [(.correct, 3), (.wrong, 3), (.shirtCorrect, 1), (.shirtWrong, 2)]

    /// From the test set's labels and predictions, in index order: the first correct (wrong) non-Shirt images
    /// whose true classes have not appeared in that kind yet, then the first correct and the first wrong Shirts.
    /// Fewer when the test set has too few (a quick run's small test set).
    public init(labels: [Int], predictions: [Int]) {
        precondition(labels.count == predictions.count, "SaliencyExamples: \(labels.count) labels, \(predictions.count) predictions")
        var chosen: [Example] = []
        for (kind, count) in Self.counts {
            var classesSeen = Set<Int>(), taken = 0
            for index in labels.indices where taken < count {
                let (label, prediction) = (labels[index], predictions[index])
                let fits: Bool
                switch kind {
                case .correct: fits = label != Self.shirt && label == prediction && !classesSeen.contains(label)
                case .wrong: fits = label != Self.shirt && label != prediction && !classesSeen.contains(label)
                case .shirtCorrect: fits = label == Self.shirt && label == prediction
                case .shirtWrong: fits = label == Self.shirt && label != prediction
                }
                guard fits else { continue }
                classesSeen.insert(label)
                chosen.append(Example(index: index, label: label, prediction: prediction, kind: kind))
                taken += 1
            }
        }
        examples = chosen
    }
}
