import Testing
@testable import Chapters

/// Every erratum that an implemented step can compute is confirmed by its live check; the others are pending.
struct ErrataTests {
    static let implemented: [any ChapterStep.Type] = [GradientDescentStep.self, AdamStep.self, LossesStep.self]

    @Test func checkableErrataAreConfirmed() {
        var checked: [Int] = []
        for erratum in Errata.all {
            if case .checked(let evidence) = Errata.status(of: erratum, implemented: Self.implemented) {
                #expect(evidence.confirmed, "erratum \(erratum.number)")
                checked.append(erratum.number)
            }
        }
        // Errata 1 (§4.1) and 2 (§4.2) are computed now; the rest wait for chapters 2, 3, 5 and 9.
        #expect(checked == [1, 2])
    }

    @Test func errataTwoValues() {
        // Article: Δw₁ = −0.001·m₁/√v₁ = 0.001·√10 = 0.0031623; corrected Δw₁ = 0.001·18/(18 + 1e-8) = 0.001.
        let evidence = AdamStep.errataChecks[0].evaluate()
        #expect(evidence.articleValue.contains("0.00316228"))
        #expect(evidence.correctValue.contains("= 0.001 "))
    }

    @Test func reportListsPendingErrata() {
        let report = Errata.report(implemented: Self.implemented)
        #expect(report.contains("pending: `workbook model-definition`"))
        #expect(report.contains("CONFIRMED"))
        #expect(!report.contains("NOT CONFIRMED"))
    }
}
