import Foundation
import Testing
@testable import Chapters

/// §4.2 pinned by the closed-form first step and by torch.optim.Adam (float64) on the same problem.
/// Problem: J(w) = (3w − 6)², g = 18w − 36, w₀ = 1, so g₁ = −18.
struct AdamTests {
    let h = ScalarAdam.Hyperparameters.article

    @Test func firstStepIsAlphaWithBiasCorrection() {
        // m₁ = 0.1·g₁, v₁ = 0.001·g₁²; m̂₁ = m₁/(1 − 0.9) = g₁, v̂₁ = v₁/(1 − 0.999) = g₁², so
        // Δw₁ = −α·g₁/(|g₁| + ε) = 0.001·18/(18 + 1e-8). Tolerance: m̂₁ and v̂₁ each carry ~2 roundings
        // (relative 4.4e-16), so Δw₁ is within ~1e-15 relative of the closed form.
        let first = ScalarAdam.run(GradientDescent.article, h, steps: 1).terms[0]
        let expected = 0.001 * 18 / (18 + 1e-8)
        #expect(abs(first.change - expected) <= 1e-15 * expected)
        #expect(abs(ScalarAdam.firstStepClosedForm(gradient: -18, h, variant: .biasCorrected) - expected) <= 1e-15 * expected)
        #expect(abs(first.mHat - (-18)) <= 1e-14 && abs(first.vHat - 324) <= 1e-12)
    }

    @Test func articlesFirstStepIsSqrtTenAlpha() {
        // The article's m₁/√v₁ = 0.1·g₁/(√0.001·|g₁|) = −0.1/√0.001 = −√10: a step of √10·α ≈ 3.1623α.
        // Tolerance: 1 − 0.9 and 1 − 0.999 are inexact in binary (relative error ≤ 1.2e-14 for 1 − 0.999).
        let first = ScalarAdam.run(GradientDescent.article, h, variant: .articleUncorrected, steps: 1).terms[0]
        #expect(abs(first.change / h.learningRate - 10.0.squareRoot()) < 1e-13)
        #expect(abs(ScalarAdam.firstStepClosedForm(gradient: -18, h, variant: .articleUncorrected) / h.learningRate
                    - 10.0.squareRoot()) < 1e-13)
        let evidence = AdamStep.errataChecks[0].evaluate()
        #expect(AdamStep.errataChecks[0].erratum == 2 && evidence.confirmed)
    }

    @Test(arguments: AdamFixture.load().cases)
    func matchesTorchAdam(_ fixtureCase: AdamFixture.Case) throws {
        let fixture = AdamFixture.load()
        let hyperparameters = ScalarAdam.Hyperparameters(learningRate: fixtureCase.learningRate, beta1: fixture.beta1,
                                                   beta2: fixture.beta2, epsilon: fixture.epsilon)
        let problem = GradientDescent.Problem(x: fixture.problem.x, y: fixture.problem.y,
                                              initialWeight: fixtureCase.initialWeight)
        let last = fixtureCase.states.map(\.t).max()!
        let run = ScalarAdam.run(problem, hyperparameters, steps: last)
        for state in fixtureCase.states {
            let terms = run.terms[state.t - 1]
            // Tolerance: torch evaluates the same formulas in another order (lerp for m, √v/√(1 − β₂ᵗ) for
            // √v̂), so m and v may differ by a few ulps per step (measured: ≤ 7e-16 relative, w bit-identical up to
            // t = 3000). 1e-14 leaves room for another libm's pow; moving ε inside the square root changes w₁ by
            // 5.4e-13 (and the near-optimum step from 0.64α to 1.8e-4·α), dropping the bias correction by 2.2α:
            // both far outside it.
            #expect(abs(run.weights[state.t] - state.w) < 1e-14, "\(fixtureCase.name) t = \(state.t): w")
            #expect(abs(terms.gradient - state.gradient) <= 1e-14 * max(1, abs(state.gradient)), "\(fixtureCase.name) t = \(state.t): g")
            #expect(abs(terms.m - state.m) <= 1e-14 * max(1e-6, abs(state.m)), "\(fixtureCase.name) t = \(state.t): m")
            #expect(abs(terms.v - state.v) <= 1e-14 * abs(state.v), "\(fixtureCase.name) t = \(state.t): v")
        }
    }

    @Test func theFixtureSeparatesTheEpsilonPlacementsAndTheBiasCorrection() throws {
        // Near the optimum g₁ = 18·(2 − 1e-9) − 36 = −1.8e-8, of the size of ε = 1e-8. Closed forms of the first
        // step: ε outside √v̂ (Kingma & Ba, torch): α·1.8e-8/(1.8e-8 + 1e-8) = 0.643α; ε inside √(v̂ + ε):
        // α·1.8e-8/√(3.24e-16 + 1e-8) = 1.8e-4·α; no bias correction, no ε: √10·α. torch must match only the first.
        let near = try #require(AdamFixture.load().cases.first { $0.name == "near-optimum" })
        let step = near.states[0].w - near.initialWeight
        let g = near.states[0].gradient, α = near.learningRate
        #expect(abs(step - α * -g / (abs(g) + 1e-8)) < 1e-12 * α)
        #expect(abs(step - α * -g / (g * g + 1e-8).squareRoot()) > 0.5 * α)
        #expect(abs(step - α * 10.0.squareRoot()) > 2 * α)
    }

    @Test func settlingStepFindsTheLastExcursion() {
        // |w − 2| = 1, 0.5, 0.001, 0.2, 0.001, 0.0001: within 0.01 from index 4 on (index 3 is outside).
        let weights = [1, 1.5, 1.999, 2.2, 2.001, 1.9999]
        #expect(ScalarAdam.settlingStep(weights, optimum: 2, tolerance: 0.01) == 4)
        #expect(ScalarAdam.settlingStep(weights, optimum: 2, tolerance: 1e-6) == nil)
    }

    @Test func optionsRejectBadValues() throws {
        var options = AdamOptions()
        try options.validate()
        options.hyperparameters.beta2 = 1
        #expect(throws: OptionError("--beta2 must be in [0, 1), got 1.0")) { try options.validate() }
        options = AdamOptions()
        options.steps = 0
        #expect(throws: OptionError.self) { try options.validate() }
    }
}

/// Tests/ChaptersTests/Fixtures/adam_scalar.json, written by make_adam_scalar.py (torch.optim.Adam, float64).
struct AdamFixture: Decodable {
    struct Problem: Decodable { var x: Double; var y: Double }
    struct State: Decodable { var t: Int; var gradient: Double; var w: Double; var m: Double; var v: Double }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var learningRate: Double
        var initialWeight: Double
        var states: [State]
        var testDescription: String { name }
    }

    var torch: String
    var problem: Problem
    var beta1: Double
    var beta2: Double
    var epsilon: Double
    var cases: [Case]

    static func load() -> AdamFixture {
        let url = Bundle.module.url(forResource: "adam_scalar", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(AdamFixture.self, from: Data(contentsOf: url))
    }
}
