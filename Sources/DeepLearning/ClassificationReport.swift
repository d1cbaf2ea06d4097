/// The evaluation the article names in §3.5 (accuracy, precision, recall, F1) but never computes: its code
/// counts correct answers only (erratum 10). Definitions follow scikit-learn's `classification_report`, so the
/// numbers can be checked against it.
///
/// For a class k, with the confusion matrix C[true][predicted]:
/// - TP = C[k][k], FP = Σ_{i≠k} C[i][k] (others predicted as k), FN = Σ_{j≠k} C[k][j] (k predicted as others);
/// - precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·P·R / (P + R);
/// - a ratio whose denominator is zero is 0 (scikit-learn's `zero_division=0`).
///
/// Averages over classes: macro is the plain mean; weighted weighs each class by its support (its number of true
/// examples); micro pools the counts of all classes, which for single-label data makes micro precision, recall
/// and F1 all equal to the accuracy.
public struct ClassificationReport: Equatable, Sendable {
    /// The scores of one class.
    public struct ClassScores: Equatable, Sendable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// How many examples truly belong to the class.
        public var support: Int
    }

    /// An average of precision, recall and F1 over the classes.
    public struct Average: Equatable, Sendable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    /// `confusion[t][p]` counts the examples of true class t predicted as p; classCount × classCount.
    public let confusion: [[Int]]
    /// Per class, indexed by class.
    public let classes: [ClassScores]
    public let accuracy: Double
    public let macro: Average
    public let weighted: Average
    public let micro: Average

    /// Scores predictions against labels. Both arrays hold class indices in 0..<classCount and have equal length.
    public init(labels: [Int], predictions: [Int], classCount: Int) throws(ClassificationReportError) {
        guard labels.count == predictions.count else {
            throw .lengthMismatch(labels: labels.count, predictions: predictions.count)
        }
        guard !labels.isEmpty else { throw .empty }
        var confusion = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (label, prediction) in zip(labels, predictions) {
            guard (0..<classCount).contains(label) else { throw .classOutOfRange(label, classCount: classCount) }
            guard (0..<classCount).contains(prediction) else {
                throw .classOutOfRange(prediction, classCount: classCount)
            }
            confusion[label][prediction] += 1
        }
        self.init(confusion: confusion)
    }

    /// Scores a square confusion matrix `confusion[true][predicted]` with at least one example.
    public init(confusion: [[Int]]) {
        let k = confusion.count
        precondition(k > 0 && confusion.allSatisfy { $0.count == k }, "confusion matrix must be square")
        let total = confusion.joined().reduce(0, +)
        precondition(total > 0, "confusion matrix counts no example")
        self.confusion = confusion

        var classes: [ClassScores] = []
        var correct = 0
        for c in 0..<k {
            let truePositives = confusion[c][c]
            let predictedAsC = (0..<k).reduce(0) { $0 + confusion[$1][c] }
            let support = confusion[c].reduce(0, +)
            let precision = Self.ratio(truePositives, predictedAsC)
            let recall = Self.ratio(truePositives, support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            classes.append(ClassScores(precision: precision, recall: recall, f1: f1, support: support))
            correct += truePositives
        }
        self.classes = classes
        accuracy = Double(correct) / Double(total)

        func mean(_ score: KeyPath<ClassScores, Double>, weightedBySupport: Bool) -> Double {
            let weights = classes.map { weightedBySupport ? Double($0.support) : 1 }
            let sum = zip(classes, weights).reduce(0.0) { $0 + $1.0[keyPath: score] * $1.1 }
            return sum / weights.reduce(0, +)
        }
        macro = Average(precision: mean(\.precision, weightedBySupport: false),
                        recall: mean(\.recall, weightedBySupport: false),
                        f1: mean(\.f1, weightedBySupport: false))
        weighted = Average(precision: mean(\.precision, weightedBySupport: true),
                           recall: mean(\.recall, weightedBySupport: true),
                           f1: mean(\.f1, weightedBySupport: true))
        // Pooled over classes, every wrong answer is one false positive (for the predicted class) and one false
        // negative (for the true class), so micro precision = micro recall = correct / total.
        micro = Average(precision: accuracy, recall: accuracy, f1: accuracy)
    }

    private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }
}

/// Why labels and predictions could not be scored.
public enum ClassificationReportError: Error, Equatable, CustomStringConvertible {
    case lengthMismatch(labels: Int, predictions: Int)
    case empty
    case classOutOfRange(Int, classCount: Int)

    public var description: String {
        switch self {
        case let .lengthMismatch(labels, predictions):
            "classification report: \(labels) labels but \(predictions) predictions"
        case .empty:
            "classification report: no example to score"
        case let .classOutOfRange(value, classCount):
            "classification report: class \(value) is outside 0..<\(classCount)"
        }
    }
}
