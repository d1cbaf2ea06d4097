import DeepLearning
import Testing
@testable import Chapters

/// The chapter's scalar walk-through of §4.2 and the engine's optimizer (DeepLearning.Adam, which training uses)
/// are two implementations of the same update: they must produce the same trajectory.
struct AdamAgreesWithEngineTests {
    @Test(arguments: [Chapters.Adam.Variant.biasCorrected, .articleUncorrected])
    func sameTrajectoryOnTheScalarProblem(variant: Chapters.Adam.Variant) throws {
        let problem = GradientDescent.article
        let h = Chapters.Adam.Hyperparameters.article
        let steps = 3000
        let walkThrough = Chapters.Adam.run(problem, h, variant: variant, steps: steps)

        // The article's variant is m/√v with no ε: the engine's switch `biasCorrection: false` with ε = 0.
        let weight = Parameter(name: "w", value: Tensor<Double>(shape: [1], scalars: [problem.initialWeight]))
        let optimizer = try DeepLearning.Adam(parameters: [weight], learningRate: h.learningRate, beta1: h.beta1,
                                              beta2: h.beta2, epsilon: variant == .biasCorrected ? h.epsilon : 0,
                                              biasCorrection: variant == .biasCorrected)
        for t in 1...steps {
            optimizer.zeroGradients()
            weight.gradient.scalars[0] = problem.gradient(weight.value.scalars[0])
            optimizer.step()
            let expected = walkThrough.terms[t - 1]
            // Tolerance: the engine follows torch's order of operations (α/(1 − β₁ᵗ)·m/(√v/√(1 − β₂ᵗ) + ε)), the
            // chapter the textbook's; they differ by a few ulps per step and Adam does not amplify them (the same
            // bound as against torch, where w is bit-identical to t = 3000). ε's placement or a missing bias
            // correction would move w₁ alone by ≥ 5e-13.
            #expect(abs(weight.value.scalars[0] - walkThrough.weights[t]) < 1e-14, "t = \(t): w")
            #expect(abs(optimizer.firstMoments[0].scalars[0] - expected.m) <= 1e-14 * max(1e-6, abs(expected.m)), "t = \(t): m")
            #expect(abs(optimizer.secondMoments[0].scalars[0] - expected.v) <= 1e-14 * abs(expected.v), "t = \(t): v")
            if abs(weight.value.scalars[0] - walkThrough.weights[t]) >= 1e-14 { return }  // one report, not 3000
        }
    }
}
