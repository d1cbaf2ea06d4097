import Testing
@testable import DeepLearning

/// Central-difference gradient checking in Double, for any layer.
///
/// The check differentiates the scalar L(x, θ) = Σ r ⊙ layer(x; θ) for a fixed random r (so ∂L/∂output = r, which
/// exercises every output element with a different weight) and compares the layer's backward pass with
/// (L(· + h) − L(· − h)) / 2h for EVERY input element and EVERY parameter element.
///
/// Why h = 1e-6 and a threshold of 1e-5: the central difference has truncation error h²/6·|L‴| ≈ 1e-13 and rounding
/// error ≈ ε·|L|/h ≈ 2.2e-16 · 10 / 1e-6 ≈ 2e-9 (|L| stays below ~10 for these small layers). The error is measured
/// as |analytic − numeric| / max(|analytic| + |numeric|, 1e-3): relative for ordinary gradients, and the 1e-3 floor
/// keeps the ~2e-9 rounding noise of gradients that are (nearly) zero below 2e-6. A wrong backward pass (a missing
/// term, a wrong index, a missing factor) gives errors of order 1e-1 to 1, so 1e-5 separates the two by orders of
/// magnitude while leaving a 5× margin over the noise.
struct GradientCheck {
    static let step = 1e-6
    static let threshold = 1e-5

    /// The largest error over all input and parameter elements; `beforeForward` runs before every forward call
    /// (e.g. to replay a dropout mask).
    static func maximumError(
        of layer: some Layer<Double>, inputShape: [Int], seed: UInt64 = 1, beforeForward: () -> Void = {}
    ) throws -> (input: Double, parameters: Double) {
        var generator = RandomGenerator(seed: seed)
        var input = Tensor<Double>(shape: inputShape,
                                   scalars: (0..<inputShape.reduce(1, *)).map { _ in 2 * generator.nextUnitDouble() - 1 })
        beforeForward()
        let output = try layer.forward(input)
        let weights = (0..<output.count).map { _ in 2 * generator.nextUnitDouble() - 1 }
        for parameter in layer.parameters { parameter.zeroGradient() }
        let analyticInput = try layer.backward(Tensor(shape: output.shape, scalars: weights)).scalars
        let analyticParameters = layer.parameters.map { $0.gradient.scalars }

        func loss() throws -> Double {
            beforeForward()
            let y = try layer.forward(input).scalars
            return zip(y, weights).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var inputError = 0.0
        for i in input.scalars.indices {
            let original = input.scalars[i]
            input.scalars[i] = original + step
            let plus = try loss()
            input.scalars[i] = original - step
            let minus = try loss()
            input.scalars[i] = original
            inputError = max(inputError, error(analyticInput[i], (plus - minus) / (2 * step)))
        }
        var parameterError = 0.0
        for (parameter, analytic) in zip(layer.parameters, analyticParameters) {
            for j in parameter.value.scalars.indices {
                let original = parameter.value.scalars[j]
                parameter.value.scalars[j] = original + step
                let plus = try loss()
                parameter.value.scalars[j] = original - step
                let minus = try loss()
                parameter.value.scalars[j] = original
                parameterError = max(parameterError, error(analytic[j], (plus - minus) / (2 * step)))
            }
        }
        return (inputError, parameterError)
    }

    static func error(_ analytic: Double, _ numeric: Double) -> Double {
        abs(analytic - numeric) / max(abs(analytic) + abs(numeric), 1e-3)
    }

    /// Gives every parameter of `layer` random values in [−1, 1) (BatchNorm's γ = 1, β = 0 would hide mistakes).
    static func randomizeParameters(of layer: some Layer<Double>, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        for parameter in layer.parameters {
            for j in parameter.value.scalars.indices { parameter.value.scalars[j] = 2 * generator.nextUnitDouble() - 1 }
        }
    }
}

extension GradientCheck {
    /// Gives `layer` random parameters from `seed` (`randomizeParameters`), then expects its input and parameter
    /// gradients within `threshold` of central differences.
    static func expectPasses(_ layer: some Layer<Double>, inputShape: [Int], seed: UInt64,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        randomizeParameters(of: layer, seed: seed)
        let error = try maximumError(of: layer, inputShape: inputShape, seed: seed)
        #expect(error.input < threshold, "input gradient of \(layer.typeName) \(layer.name)",
                sourceLocation: sourceLocation)
        #expect(error.parameters < threshold, "parameter gradients of \(layer.typeName) \(layer.name)",
                sourceLocation: sourceLocation)
    }
}
