import Testing
@testable import DeepLearning

/// A worked example small enough to check by hand (it is also the one chapter 3 prints):
///
///     labels      0 0 0 0 1 1 1 2 2 2
///     predictions 0 0 1 2 1 1 0 2 2 1
///
/// Confusion matrix, rows = true class, columns = predicted class:
///
///     true 0: [2, 1, 1]    support 4
///     true 1: [1, 2, 0]    support 3
///     true 2: [0, 1, 2]    support 3
///
/// class 0: TP 2, predicted as 0: 2+1+0 = 3 → P = 2/3;  R = 2/4 = 1/2;  F1 = 2·(2/3)(1/2)/(2/3+1/2) = 4/7
/// class 1: TP 2, predicted as 1: 1+2+1 = 4 → P = 1/2;  R = 2/3;        F1 = 4/7 (same P, R swapped)
/// class 2: TP 2, predicted as 2: 1+0+2 = 3 → P = 2/3;  R = 2/3;        F1 = 2/3
/// accuracy = (2+2+2)/10 = 3/5
/// macro:    P = (2/3+1/2+2/3)/3 = 11/18, R = (1/2+2/3+2/3)/3 = 11/18, F1 = (4/7+4/7+2/3)/3 = 38/63
/// weighted: P = (4·2/3 + 3·1/2 + 3·2/3)/10 = 37/60, R = (4·1/2 + 3·2/3 + 3·2/3)/10 = 3/5,
///           F1 = (4·4/7 + 3·4/7 + 3·2/3)/10 = 3/5
/// micro:    P = R = F1 = accuracy = 3/5 (each error is one FP and one FN when pooled).
@Suite("ClassificationReport")
struct ClassificationReportTests {
    static let labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
    static let predictions = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1]

    /// Each expected value is a ratio of small integers evaluated in Double; ours is a few divisions and at most
    /// ten additions of such ratios, so they agree to a few ulps of 1 (2.2e-16 each): 1e-15 leaves room for that
    /// and nothing more.
    static let tolerance = 1e-15

    @Test func confusionMatrixCountsTrueByPredicted() throws {
        let report = try ClassificationReport(labels: Self.labels, predictions: Self.predictions, classCount: 3)
        #expect(report.confusion == [[2, 1, 1], [1, 2, 0], [0, 1, 2]])
        #expect(report.classes.map(\.support) == [4, 3, 3])
    }

    @Test func perClassScoresMatchTheHandComputation() throws {
        let report = try ClassificationReport(labels: Self.labels, predictions: Self.predictions, classCount: 3)
        let expected: [(p: Double, r: Double, f1: Double)] = [(2.0 / 3, 1.0 / 2, 4.0 / 7),
                                                              (1.0 / 2, 2.0 / 3, 4.0 / 7),
                                                              (2.0 / 3, 2.0 / 3, 2.0 / 3)]
        for (scores, want) in zip(report.classes, expected) {
            #expect(abs(scores.precision - want.p) < Self.tolerance)
            #expect(abs(scores.recall - want.r) < Self.tolerance)
            #expect(abs(scores.f1 - want.f1) < Self.tolerance)
        }
    }

    @Test func averagesMatchTheHandComputation() throws {
        let report = try ClassificationReport(labels: Self.labels, predictions: Self.predictions, classCount: 3)
        #expect(abs(report.accuracy - 3.0 / 5) < Self.tolerance)
        #expect(abs(report.macro.precision - 11.0 / 18) < Self.tolerance)
        #expect(abs(report.macro.recall - 11.0 / 18) < Self.tolerance)
        #expect(abs(report.macro.f1 - 38.0 / 63) < Self.tolerance)
        #expect(abs(report.weighted.precision - 37.0 / 60) < Self.tolerance)
        #expect(abs(report.weighted.recall - 3.0 / 5) < Self.tolerance)
        #expect(abs(report.weighted.f1 - 3.0 / 5) < Self.tolerance)
        #expect(report.micro == .init(precision: report.accuracy, recall: report.accuracy, f1: report.accuracy))
    }

    /// A class never predicted has no precision (0/0); like scikit-learn's zero_division=0 it scores 0, and its
    /// F1 is 0 rather than NaN, so the macro average stays a number.
    @Test func neverPredictedClassScoresZeroNotNaN() throws {
        let report = try ClassificationReport(labels: [0, 1, 1], predictions: [0, 0, 0], classCount: 2)
        #expect(report.classes[1] == .init(precision: 0, recall: 0, f1: 0, support: 2))
        #expect(abs(report.classes[0].precision - 1.0 / 3) < Self.tolerance)
        #expect(report.macro.f1.isFinite)
    }

    @Test func badInputIsAClearError() {
        #expect(throws: ClassificationReportError.lengthMismatch(labels: 2, predictions: 1)) {
            try ClassificationReport(labels: [0, 1], predictions: [0], classCount: 2)
        }
        #expect(throws: ClassificationReportError.classOutOfRange(5, classCount: 2)) {
            try ClassificationReport(labels: [0, 1], predictions: [0, 5], classCount: 2)
        }
        #expect(throws: ClassificationReportError.empty) {
            try ClassificationReport(labels: [], predictions: [], classCount: 2)
        }
    }
}
