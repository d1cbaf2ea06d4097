import Foundation
import Testing
@testable import Chapters

/// §4.1 pinned by closed forms derived by hand. Problem: J(w) = (3w − 6)², J′(w) = 2·3·(3w − 6) = 18w − 36,
/// w* = 2, so one step is w ← w − α(18w − 36) and the error e = w − 2 obeys e ← (1 − 18α)·e.
struct GradientDescentTests {
    let problem = GradientDescent.article

    @Test func firstTwoIterationsOfTheArticle() {
        let w = GradientDescent.trajectory(problem, learningRate: 0.01, iterations: 2)
        // w₁ = 1 − 0.01·2·3·(1·3 − 6) = 1 − 0.01·(−18) = 1.18.
        // w₂ = 1.18 − 0.01·2·3·(1.18·3 − 6) = 1.18 − 0.01·(−14.76) = 1.3276.
        // Tolerance: each step is 3–4 roundings of numbers below 2, so a few ulps of 2 (2.2e-16 each).
        #expect(abs(w[1] - 1.18) < 1e-15)
        #expect(abs(w[2] - 1.3276) < 1e-15)
    }

    @Test func iterationsFollowTheClosedForm() {
        // e_t = (1 − 2·0.01·9)ᵗ·e₀ = 0.82ᵗ·(1 − 2) ⇒ w_t = 2 − 0.82ᵗ.
        // Tolerance 1e-12: the iterated rounding error stays near a few ulps of 2 because every step contracts
        // it by 0.82; 1e-12 leaves room for pow's own error but would catch any wrong term (0.82ᵗ ≥ 2.5e-9 here).
        let w = GradientDescent.trajectory(problem, learningRate: 0.01, iterations: 100)
        for t in 0...100 {
            #expect(abs(w[t] - (2 - pow(0.82, Double(t)))) < 1e-12, "t = \(t)")
            #expect(abs(GradientDescent.closedForm(problem, learningRate: 0.01, step: t) - (2 - pow(0.82, Double(t)))) < 1e-12)
        }
    }

    @Test func convergesBelowOneOverXSquaredAndDivergesAbove() {
        // 1/x² = 1/9 ≈ 0.1111. α = 0.11: r = 1 − 18·0.11 = −0.98, |e_t| = 0.98ᵗ → 0.
        // α = 0.12: r = 1 − 18·0.12 = −1.16, |e_t| = 1.16ᵗ → ∞.
        #expect(abs(GradientDescent.contractionFactor(problem, learningRate: 0.11) - (-0.98)) < 1e-15)
        #expect(abs(GradientDescent.contractionFactor(problem, learningRate: 0.12) - (-1.16)) < 1e-15)
        #expect(GradientDescent.behaviour(contractionFactor: GradientDescent.contractionFactor(problem, learningRate: 0.11)) == .converges)
        #expect(GradientDescent.behaviour(contractionFactor: GradientDescent.contractionFactor(problem, learningRate: 0.12)) == .diverges)
        let converging = GradientDescent.trajectory(problem, learningRate: 0.11, iterations: 400)
        let diverging = GradientDescent.trajectory(problem, learningRate: 0.12, iterations: 100)
        // 0.98⁴⁰⁰ = 3.1e-4 and 1.16¹⁰⁰ = 2.8e6: relative tolerance 1e-9 covers rounding amplified by ≤ 400 steps.
        #expect(abs(abs(converging[400] - 2) - pow(0.98, 400)) < 1e-9 * pow(0.98, 400))
        #expect(abs(abs(diverging[100] - 2) - pow(1.16, 100)) < 1e-9 * pow(1.16, 100))
        #expect(problem.stabilityLimit == 1.0 / 9)
    }

    @Test func oneStepToTheOptimumAtHalfTheLimit() {
        // α = 1/(2x²) = 1/18: r = 0, so w₁ = w* = 2 whatever w₀. In Double, 1/18 is rounded, so w₁ = 1 + 18·α
        // may miss 2 by an ulp of 2 (4.4e-16).
        let w = GradientDescent.trajectory(problem, learningRate: 1.0 / 18, iterations: 1)
        #expect(abs(w[1] - 2) <= 4.5e-16)
        #expect(GradientDescent.behaviour(contractionFactor: 0) == .oneStep)
    }

    @Test func erratumOneEvaluatesTheArticlesLineAsPrinted() {
        // "w₁ = 1 − 0.01·2x − y" with x = 3, y = 6: 1 − 0.06 − 6 = −5.06, against the true step 1.18.
        #expect(abs(GradientDescent.articleFirstStepAsPrinted(x: 3, y: 6) - (-5.06)) < 1e-15)
        let evidence = GradientDescentStep.errataChecks.first { $0.erratum == 1 }!.evaluate()
        #expect(evidence.confirmed)
        #expect(evidence.articleValue.hasSuffix("-5.06"))
        #expect(evidence.correctValue.hasSuffix("1.18"))
    }

    @Test func regressionLimitComesFromTheSecondMoment() {
        // x = 0.5…3: Σx² = 0.25 + 1 + 2.25 + 4 + 6.25 + 9 = 22.75, m₂ = 22.75/6.
        // Σxy = 0.6 + 1.9 + 4.65 + 8.4 + 12 + 18.3 = 45.85, w* = 45.85/22.75.
        let data = GradientDescent.regression
        #expect(abs(data.secondMoment - 22.75 / 6) < 1e-14)
        #expect(abs(data.optimum - 45.85 / 22.75) < 1e-14)
        // The gradient vanishes at w* (least squares); tolerance: sums of 6 products of size ≤ 40.
        #expect(abs(data.gradient(data.optimum)) < 1e-13)
        // e_t = (1 − 2α·m₂)ᵗ·e₀ holds for the MSE too: check at α = 0.9/m₂ (r = −0.8) after 30 steps.
        let rate = 0.9 / data.secondMoment
        let w = data.trajectory(learningRate: rate, iterations: 30)
        let expected = pow(-0.8, 30) * (data.initialWeight - data.optimum)
        #expect(abs((w[30] - data.optimum) - expected) < 1e-12)
        // Beyond 1/m₂ it diverges: α = 1.08/m₂ gives r = −1.16.
        let far = data.trajectory(learningRate: 1.08 / data.secondMoment, iterations: 60)
        #expect(abs(far[60] - data.optimum) > 1000 * abs(data.initialWeight - data.optimum))
    }

    @Test func optionsRejectBadValuesWithOneLine() throws {
        var options = GradientDescentOptions()
        try options.validate()
        options.learningRate = -1
        #expect(throws: OptionError("--learning-rate must be a positive finite number, got -1.0")) { try options.validate() }
        options = GradientDescentOptions()
        options.iterations = 0
        #expect(throws: OptionError("--iterations must be between 1 and 1000000, got 0")) { try options.validate() }
        options = GradientDescentOptions()
        options.x = 0
        #expect(throws: OptionError.self) { try options.validate() }
    }
}
