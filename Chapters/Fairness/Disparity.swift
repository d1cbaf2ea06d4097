import DeepLearning

/// What a model's test predictions say about one rare class against the rest, from their confusion matrix
/// (`ClassificationReport`, confusion[true][predicted]). On a balanced test set the overall accuracy is the mean
/// of the classes' recalls, so a class's recall is its share of the accuracy.
public struct Disparity: Equatable, Sendable {
    public let report: ClassificationReport
    public let rareClass: Int

    public init(confusion: [[Int]], rareClass: Int) {
        report = ClassificationReport(confusion: confusion)
        self.rareClass = rareClass
    }

    /// Recall (per-class accuracy) of every class, indexed by class.
    public var recalls: [Double] { report.classes.map(\.recall) }
    public var overallAccuracy: Double { report.accuracy }
    public var rareRecall: Double { recalls[rareClass] }
    /// The class with the lowest recall (the first on ties) and that recall: the worst-class accuracy.
    public var worstClass: (class: Int, recall: Double) {
        let index = recalls.indices.min { recalls[$0] < recalls[$1] }!
        return (index, recalls[index])
    }
    /// recall(rare) − the mean recall of the other classes: negative when the rare class is served worse.
    public var gap: Double {
        let others = recalls.indices.filter { $0 != rareClass }.map { recalls[$0] }
        return rareRecall - others.reduce(0, +) / Double(others.count)
    }
    /// The rare class's test images by predicted class, as fractions of them (its confusion row; the diagonal
    /// entry is its recall).
    public var rareRow: [Double] {
        let row = report.confusion[rareClass]
        let total = Double(row.reduce(0, +))
        return row.map { Double($0) / total }
    }
}
