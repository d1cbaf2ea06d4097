import Testing
import DeepLearning
@testable import Training

@Suite("Gradient clipping by the global norm")
struct GradientClippingTests {
    /// Gradients (3, 0) and (0, 4) in two tensors: ‖g‖ = 5. With maxNorm 1 each is multiplied by 1/(5 + 10⁻⁶)
    /// (clip_grad_norm_'s factor), so the norm after is 5/(5 + 10⁻⁶) ≈ 0.9999998; with maxNorm 10 nothing changes.
    /// A frozen tensor's gradient neither counts nor is scaled. Tolerance: Float rounding of the products, 1e-7.
    @Test func clipsToTheMaximumNorm() throws {
        let a = Parameter(name: "a", value: Tensor<Float>(shape: [2])), b = Parameter(name: "b", value: Tensor<Float>(shape: [2]))
        let frozen = Parameter(name: "c", value: Tensor<Float>(shape: [1]), requiresGradient: false)
        let sgd = try SGD(ParameterStore(parameters: [a, b, frozen]), learningRate: 0)
        func run(maxNorm: Double) throws -> (GradientClipping, [Float]) {
            a.gradient = Tensor(shape: [2], scalars: [3, 0])
            b.gradient = Tensor(shape: [2], scalars: [0, 4])
            frozen.gradient = Tensor(shape: [1], scalars: [100])
            let clipping = GradientClipping(maxNorm: maxNorm)
            #expect(try clipping.gradientsComputed(TrainingState(model: Sequential<Float>(layers: []), optimizer: sgd)) == .update)
            return (clipping, a.gradient.scalars + b.gradient.scalars + frozen.gradient.scalars)
        }
        let (clipped, gradients) = try run(maxNorm: 1)
        #expect(clipped.lastNorm == 5 && clipped.clippedSteps == 1)
        let factor = Float(1 / (5 + 1e-6))
        #expect(zip(gradients, [3 * factor, 0, 0, 4 * factor, 100]).allSatisfy { abs($0 - $1) <= 1e-7 })
        let (untouched, same) = try run(maxNorm: 10)
        #expect(untouched.clippedSteps == 0 && same == [3, 0, 0, 4, 100])
    }
}
