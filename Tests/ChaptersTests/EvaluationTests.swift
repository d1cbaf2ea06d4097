import Testing
import DeepLearning
@testable import Chapters

/// §3.5 on the worked example, by hand.
struct EvaluationTests {
    @Test func workedExampleCountsByHand() throws {
        // labels 0 0 0 0 1 1 1 2 2 2 / predictions 0 0 1 2 1 1 0 2 2 1:
        // class 0: TP 2 (positions 0, 1), FP 1 (position 6), FN 2 (positions 2, 3);
        // class 1: TP 2 (4, 5), FP 2 (2, 9), FN 1 (6); class 2: TP 2 (7, 8), FP 1 (3), FN 1 (9).
        let e = Evaluation.workedExample
        let report = try ClassificationReport(labels: e.labels, predictions: e.predictions, classCount: 3)
        #expect(Evaluation.counts(of: 0, in: report.confusion) == (2, 1, 2))
        #expect(Evaluation.counts(of: 1, in: report.confusion) == (2, 2, 1))
        #expect(Evaluation.counts(of: 2, in: report.confusion) == (2, 1, 1))
        #expect(report.accuracy == 0.6)
    }

    @Test func erratumTenIsConfirmed() {
        // Recall of class 0 is 2/4 = 50% while the accuracy is 60%: the per-class numbers are not the accuracy.
        let evidence = EvaluationStep.errataChecks[0].evaluate()
        #expect(EvaluationStep.errataChecks.map(\.erratum) == [10])
        #expect(evidence.confirmed)
        #expect(evidence.articleValue.contains("60.00%"))
        #expect(evidence.correctValue.contains("recall per class 50.00%, 66.67%, 66.67%"))
    }
}
