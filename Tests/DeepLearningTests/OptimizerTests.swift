import Foundation
import Testing
@testable import DeepLearning

/// An optimizer under test, seen through what the fixture checks: a step and its per-parameter state.
private struct OptimizerUnderTest {
    let step: () -> Void
    /// The state PyTorch calls `name` ("exp_avg", "exp_avg_sq", "momentum_buffer") of parameter `index`.
    let state: (_ name: String, _ index: Int) -> [Double]?
    /// Rounded operations per element per step (see `matchesPyTorchStepByStep`).
    let operationsPerStep: Int
}

@Suite("Optimizers against PyTorch (optimizers.json, adam_scalar.json)")
struct OptimizerFixtureTests {
    let fixture: Fixture

    init() throws { fixture = try Fixture.load("optimizers.json") }

    private func makeOptimizer(_ stored: Fixture.Case, _ parameters: [Parameter<Double>]) throws
        -> OptimizerUnderTest
    {
        let (lr, weightDecay) = (try stored.number("lr"), try stored.number("weight_decay"))
        if stored.name.hasPrefix("sgd") {
            let sgd = try SGD(parameters: parameters, learningRate: lr, momentum: try stored.number("momentum"),
                              weightDecay: weightDecay)
            // d = g + λp (2), b = μb + d (2), p − αb (2).
            return OptimizerUnderTest(step: sgd.step, state: { name, index in
                name == "momentum_buffer" ? sgd.momentumBuffers[index].scalars : nil
            }, operationsPerStep: 6)
        }
        let (beta1, beta2, epsilon) = (try stored.number("beta1"), try stored.number("beta2"), try stored.number("eps"))
        let adam = stored.name.hasPrefix("adamw")
            ? try AdamW(parameters: parameters, learningRate: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                        weightDecay: weightDecay)
            : try Adam(parameters: parameters, learningRate: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       weightDecay: weightDecay)
        // decay (1), L2 (2), m (3), v (4), √ / + ε (3), −s·m / denominator + p (3); the per-step scalars
        // (1 − βᵗ, α/(1 − β₁ᵗ), √(1 − β₂ᵗ)) are a few more roundings: 16 in all.
        return OptimizerUnderTest(step: adam.step, state: { name, index in
            switch name {
            case "exp_avg": adam.firstMoments[index].scalars
            case "exp_avg_sq": adam.secondMoments[index].scalars
            default: nil
            }
        }, operationsPerStep: 16)
    }

    /// Five steps with PyTorch's gradients; after each, the parameters and the optimizer state must equal
    /// PyTorch's. Each step adds at most `operationsPerStep` roundings per element to p and to the state (earlier
    /// errors in m and v decay by β, errors in p carry over unchanged), so after k steps the bound is
    /// k·operationsPerStep roundings, relative to the tensor's largest magnitude. Moving ε (inside the root, or
    /// before the bias correction), dropping a bias correction or swapping β₁ and β₂ changes the values by 1e-11
    /// or more, at least a hundred times this bound (≈ 4e-14 after 5 Adam steps).
    @Test(arguments: ["sgd", "sgd_momentum_weight_decay", "adam", "adam_betas_large_eps", "adam_weight_decay",
                      "adamw", "adamw_weight_decay"])
    func matchesPyTorchStepByStep(_ name: String) throws {
        let stored = try fixture.case(name)
        let parameters = try ["p0", "p1"].map { Parameter(name: $0, value: try stored.tensor("\($0).initial")) }
        let optimizer = try makeOptimizer(stored, parameters)
        var comparedStates = 0
        for step in 1...(try stored.integer("steps")) {
            for parameter in parameters { parameter.gradient = try stored.tensor("\(parameter.name).gradient.\(step)") }
            optimizer.step()
            let tolerance = roundingTolerance(operations: optimizer.operationsPerStep * step)
            for (index, parameter) in parameters.enumerated() {
                let expected = try stored.values("\(parameter.name).value.\(step)")
                expectClose(parameter.value.scalars, expected, tolerance: tolerance,
                            scale: largestMagnitude(expected), "\(name) \(parameter.name) after step \(step)")
                for stateName in ["exp_avg", "exp_avg_sq", "momentum_buffer"] {
                    guard stored.tensors["\(parameter.name).\(stateName).\(step)"] != nil else { continue }
                    let expectedState = try stored.values("\(parameter.name).\(stateName).\(step)")
                    let actual = try #require(optimizer.state(stateName, index), "\(name) keeps no \(stateName)")
                    expectClose(actual, expectedState, tolerance: tolerance, scale: largestMagnitude(expectedState),
                                "\(name) \(parameter.name) \(stateName) after step \(step)")
                    comparedStates += 1
                }
            }
        }
        // Guards against a fixture that silently lost its state tensors: SGD without momentum has none.
        #expect(comparedStates > 0 || name == "sgd")
    }

    /// The article's §4.2 problem, J(w) = (3w − 6)², w₀ = 1, α = 0.001, β = (0.9, 0.999), ε = 1e-8, which the
    /// Adam chapter's golden test also uses: w, m, v, m̂ and v̂ after steps 1, 2, 3, 10 and 100 equal PyTorch's.
    /// Here the gradient 3·(2·(3w − 6)) (PyTorch's autograd order; the factor 2 is exact) comes from our own w, so
    /// each step adds the update's 16 roundings and the gradient's 3, relative to each value: 19·k roundings.
    @Test func adamOnTheScalarProblemMatchesPyTorch() throws {
        let stored = try Fixture.load("adam_scalar.json").case("adam_scalar_J_3w_minus_6_squared")
        let (x, y) = (try stored.number("x"), try stored.number("y"))
        let w = Parameter(name: "w", value: Tensor<Double>(shape: [], scalars: [try stored.number("w0")]))
        let adam = try Adam(parameters: [w], learningRate: try stored.number("lr"), beta1: try stored.number("beta1"),
                            beta2: try stored.number("beta2"), epsilon: try stored.number("eps"))
        var checked = 0
        for step in 1...(try stored.integer("steps")) {
            w.gradient.scalars[0] = x * (2 * (w.value.scalars[0] * x - y))
            adam.step()
            guard stored.tensors["w.\(step)"] != nil else { continue }
            let tolerance = roundingTolerance(operations: 19 * step)
            let (mHat, vHat) = adam.biasCorrectedMoments(ofParameterAt: 0)
            expectClose(w.value.scalars[0], try stored.scalar("w.\(step)"), tolerance: tolerance, "w after \(step)")
            expectClose(adam.firstMoments[0].scalars[0], try stored.scalar("m.\(step)"), tolerance: tolerance,
                        "m after \(step)")
            expectClose(adam.secondMoments[0].scalars[0], try stored.scalar("v.\(step)"), tolerance: tolerance,
                        "v after \(step)")
            expectClose(mHat.scalars[0], try stored.scalar("m_hat.\(step)"), tolerance: tolerance, "m̂ after \(step)")
            expectClose(vHat.scalars[0], try stored.scalar("v_hat.\(step)"), tolerance: tolerance, "v̂ after \(step)")
            #expect(adam.stepCounts[0] == step)
            checked += 1
        }
        #expect(checked == 5)
    }
}

@Suite("Optimizers: closed forms, switches and frozen parameters")
struct OptimizerBehaviourTests {
    private func scalarParameter(_ value: Double, gradient: Double) -> Parameter<Double> {
        let parameter = Parameter(name: "w", value: Tensor(shape: [1], scalars: [value]))
        parameter.gradient.scalars[0] = gradient
        return parameter
    }

    /// Step 1 with bias correction: m̂₁ = g and v̂₁ = g², so Δw = −α·g/(|g| + ε), about α whatever the gradient's
    /// size. Without it (the article's last line, ε = 0): Δw = −α(1 − β₁)g/(√(1 − β₂)|g|) ≈ −3.16α·sign(g).
    /// Both are within a dozen roundings of the closed form.
    @Test func firstAdamStepWithAndWithoutBiasCorrection() throws {
        let (alpha, g) = (0.001, -18.0)
        let corrected = scalarParameter(1, gradient: g)
        try Adam(parameters: [corrected], learningRate: alpha).step()
        expectClose(corrected.value.scalars[0] - 1, -alpha * g / (abs(g) + 1e-8),
                    tolerance: roundingTolerance(operations: 12), scale: 1, "corrected first step")

        let uncorrected = scalarParameter(1, gradient: g)
        try Adam(parameters: [uncorrected], learningRate: alpha, epsilon: 0, biasCorrection: false).step()
        let expected = -alpha * (1 - 0.9) * g / ((1 - 0.999).squareRoot() * abs(g))
        expectClose(uncorrected.value.scalars[0] - 1, expected, tolerance: roundingTolerance(operations: 12),
                    scale: 1, "uncorrected first step")
        #expect(abs(expected / alpha - 3.1623) < 1e-4)   // (1 − β₁)/√(1 − β₂) = 0.1/√0.001 = 3.16228
    }

    /// AdamW shrinks the weights by (1 − αλ) before the Adam step; with a zero gradient m = v = 0 and the Adam
    /// step is 0/(0 + ε) = 0, so one step multiplies w by exactly (1 − αλ), PyTorch's default λ = 0.01.
    @Test func adamWDecaysTheWeightsByOneMinusAlphaLambda() throws {
        let w = scalarParameter(2, gradient: 0)
        let adamW = try AdamW(parameters: [w], learningRate: 0.1)
        #expect(adamW.weightDecay == 0.01)
        adamW.step()
        #expect(w.value.scalars[0] == 2 * (1 - 0.1 * 0.01))
    }

    /// SGD with momentum μ on a constant gradient g: b_t = g(1 + μ + … + μ^(t−1)), so after two steps
    /// w = w₀ − αg − αg(1 + μ); all numbers here are exact binary fractions.
    @Test func sgdMomentumAccumulates() throws {
        let w = scalarParameter(1, gradient: 0.5)
        let sgd = try SGD(parameters: [w], learningRate: 0.25, momentum: 0.5)
        sgd.step()
        sgd.step()
        #expect(w.value.scalars[0] == 1 - 0.25 * 0.5 - 0.25 * 0.5 * 1.5)
        #expect(sgd.momentumBuffers[0].scalars == [0.75])
    }

    /// A frozen parameter keeps its value and its optimizer state; the others still move.
    @Test func frozenParametersAreSkipped() throws {
        let frozen = scalarParameter(1, gradient: 1)
        frozen.requiresGradient = false
        let trained = scalarParameter(1, gradient: 1)
        let adam = try Adam(parameters: [frozen, trained], learningRate: 0.1)
        adam.step()
        #expect(frozen.value.scalars == [1])
        #expect(adam.stepCounts == [0, 1])
        #expect(adam.firstMoments[0].scalars == [0])
        #expect(trained.value.scalars[0] < 1)
        let sgd = try SGD(parameters: [frozen, trained], learningRate: 0.1)
        sgd.step()
        #expect(frozen.value.scalars == [1])
    }

    @Test func zeroGradientsClearsEveryGradient() throws {
        let parameters = [scalarParameter(1, gradient: 3), scalarParameter(2, gradient: -4)]
        try SGD(parameters: parameters, learningRate: 0.1).zeroGradients()
        #expect(parameters.map { $0.gradient.scalars } == [[0], [0]])
    }

    @Test func invalidHyperparametersAreRejected() {
        let parameters = [scalarParameter(1, gradient: 0)]
        #expect(throws: OptimizerError(description: "Adam: beta2 must be in [0.0, 1.0), got 1.5")) {
            try Adam(parameters: parameters, beta2: 1.5)
        }
        #expect(throws: OptimizerError.self) { try AdamW(parameters: parameters, learningRate: -1) }
        #expect(throws: OptimizerError.self) { try SGD(parameters: parameters, learningRate: 0.1, momentum: -0.5) }
    }

    /// The Float optimizers run the same kernels: one Adam step in Float moves w by ≈ α, like Double, within
    /// Float's rounding of the update's dozen operations.
    @Test func floatAdamAgreesWithDouble() throws {
        let float = Parameter(name: "w", value: Tensor<Float>(shape: [1], scalars: [1]))
        float.gradient.scalars[0] = -18
        let double = scalarParameter(1, gradient: -18)
        try Adam(parameters: [float], learningRate: 0.001).step()
        try Adam(parameters: [double], learningRate: 0.001).step()
        expectClose(Double(float.value.scalars[0]), double.value.scalars[0],
                    tolerance: roundingTolerance(operations: 12, for: Float.self), "Float Adam step")
    }
}
