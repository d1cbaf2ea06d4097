import Foundation
import Testing
@testable import Chapters

/// §4.4 pinned by hand-computed values and closed forms.
struct LossesTests {
    @Test func workedExamples() {
        // MSE: ((0.5)² + (−0.5)² + 0² + (−1)²)/4 = (0.25 + 0.25 + 0 + 1)/4 = 0.375, exact in binary.
        let r = Losses.regressionExample
        #expect(Losses.meanSquaredError(targets: r.targets, predictions: r.predictions) == 0.375)
        // Cross-entropy with one-hot targets: (−ln 0.7 − ln 0.6)/2 = (0.3566749439 + 0.5108256238)/2 = 0.4337502839.
        // Tolerance: 1e-10 for the 10 digits written above; 1e-15 against the same logs evaluated here.
        let c = Losses.multiclassExample
        #expect(abs(Losses.crossEntropy(targets: c.targets, probabilities: c.probabilities) - 0.4337502839) < 1e-10)
        #expect(abs(Losses.crossEntropy(targets: c.targets, probabilities: c.probabilities) - (-log(0.7) - log(0.6)) / 2) < 1e-15)
        // BCE: (−ln 0.9 − ln 0.8 − ln 0.6 − ln 0.7)/4 = −ln(0.9·0.8·0.6·0.7)/4 = −ln(0.3024)/4 = 0.2990011.
        let b = Losses.binaryExample
        #expect(abs(Losses.binaryCrossEntropy(targets: b.targets, probabilities: b.probabilities) - (-log(0.3024) / 4)) < 1e-15)
    }

    @Test(arguments: Losses.tableLogits)
    func logitGradientsMatchTheirClosedForms(z: Double) {
        // σ(z) = 1/(1 + e⁻ᶻ); with y = 1: ∂BCE/∂z = σ − 1 = −1/(1 + eᶻ), ∂MSE/∂z = −2σ(1 − σ)² = −2eᶻ/(1 + eᶻ)³
        // (since 1 − σ = 1/(1 + eᶻ) and σ = eᶻ/(1 + eᶻ)). Tolerance: a few roundings of numbers ≤ 1.
        let e = exp(z)
        #expect(abs(Losses.binaryCrossEntropyLogitGradient(logit: z, target: 1) - (-1 / (1 + e))) < 1e-15)
        #expect(abs(Losses.squaredErrorLogitGradient(logit: z, target: 1) - (-2 * e / pow(1 + e, 3))) < 1e-15)
        // And both are derivatives of their losses: central difference, step 1e-5, error O(h²·L‴) ≈ 1e-10,
        // plus rounding ≈ 1e-16/1e-5 = 1e-11.
        let h = 1e-5
        let bce = { (z: Double) in Losses.binaryCrossEntropyTerm(target: 1, probability: Losses.sigmoid(z)) }
        let mse = { (z: Double) in (Losses.sigmoid(z) - 1) * (Losses.sigmoid(z) - 1) }
        #expect(abs((bce(z + h) - bce(z - h)) / (2 * h) - Losses.binaryCrossEntropyLogitGradient(logit: z, target: 1)) < 1e-9)
        #expect(abs((mse(z + h) - mse(z - h)) / (2 * h) - Losses.squaredErrorLogitGradient(logit: z, target: 1)) < 1e-9)
    }

    @Test func confidentMistakesStarveTheMSE() {
        // The ratio of the two gradients is 1/(2σ(1 − σ)): 2 at z = 0, (1 + e⁴)²/(2e⁴) = 28.30 at z = ±4.
        let ratio = { (z: Double) in
            Losses.binaryCrossEntropyLogitGradient(logit: z, target: 1) / Losses.squaredErrorLogitGradient(logit: z, target: 1)
        }
        #expect(abs(ratio(0) - 2) < 1e-15)
        #expect(abs(ratio(-4) - pow(1 + exp(4), 2) / (2 * exp(4))) < 1e-12)
        // |∂MSE/∂z| peaks at σ = 1/3, z = −ln 2, with value 2·(1/3)·(2/3)² = 8/27.
        #expect(abs(Losses.squaredErrorLogitGradient(logit: -log(2), target: 1) + 8.0 / 27) < 1e-15)
        #expect(abs(Losses.squaredErrorLogitGradient(logit: -log(2) + 0.01, target: 1)) < 8.0 / 27)
        #expect(abs(Losses.squaredErrorLogitGradient(logit: -log(2) - 0.01, target: 1)) < 8.0 / 27)
    }

    @Test func sigmoidIsStableForLargeLogits() {
        // σ(−800): e⁸⁰⁰ overflows, so the naive 1/(1 + e⁸⁰⁰) would still give 0, but e⁻⁸⁰⁰/(1 + e⁻⁸⁰⁰) keeps it
        // finite; σ(800) = 1 exactly; neither may be NaN.
        #expect(Losses.sigmoid(-800) == 0 && Losses.sigmoid(800) == 1)
        #expect(Losses.sigmoid(-30) > 0 && abs(Losses.sigmoid(-30) / exp(-30) - 1) < 1e-12)
    }
}
