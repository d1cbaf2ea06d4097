import Testing
import DeepLearning
@testable import Training

@Suite("Stopping a diverged run")
struct DivergenceGuardTests {
    /// Three tensors in forward order a, b, c. A step whose loss and gradients are finite goes on; a NaN in b and an
    /// ∞ in a stop it naming b (the latest in the store that is non-finite: the first backward met); a NaN loss with
    /// finite gradients stops it too, and says the gradients were finite.
    @Test func stopsOnANonFiniteLossOrGradientNamingTheFirstInBackwardOrder() throws {
        let a = Parameter(name: "a", value: Tensor<Float>(shape: [2])), b = Parameter(name: "b", value: Tensor<Float>(shape: [2]))
        let c = Parameter(name: "c", value: Tensor<Float>(shape: [1]))
        let sgd = try SGD(ParameterStore(parameters: [a, b, c]), learningRate: 0.5)
        let state = TrainingState(model: Sequential<Float>(layers: []), optimizer: sgd)
        let guardian = DivergenceGuard()
        a.gradient = Tensor(shape: [2], scalars: [1, -2])
        b.gradient = Tensor(shape: [2], scalars: [3, 4])
        c.gradient = Tensor(shape: [1], scalars: [5])
        state.loss = 2.5
        #expect(try guardian.gradientsComputed(state) == .update)

        a.gradient = Tensor(shape: [2], scalars: [.infinity, 0])
        b.gradient = Tensor(shape: [2], scalars: [0, .nan])
        do {
            _ = try guardian.gradientsComputed(state)
            Issue.record("a NaN gradient did not stop the run")
        } catch let error as TrainingError {
            #expect(error.description.hasPrefix("the run diverged at step 1 of epoch 1: the loss is 2.5, the gradient of b went non-finite first"))
            #expect(error.description.contains("learning rate 0.5"))
        }

        a.gradient = Tensor(shape: [2], scalars: [1, -2])
        b.gradient = Tensor(shape: [2], scalars: [3, 4])
        state.loss = .nan
        #expect(throws: TrainingError.self) { try guardian.gradientsComputed(state) }
        do { _ = try guardian.gradientsComputed(state) } catch let error as TrainingError {
            #expect(error.description.contains("the loss is nan, every gradient is finite"))
        }
    }

    /// A frozen tensor's gradient is not the run's: a NaN there does not stop it.
    @Test func ignoresFrozenTensors() throws {
        let a = Parameter(name: "a", value: Tensor<Float>(shape: [1]))
        let frozen = Parameter(name: "f", value: Tensor<Float>(shape: [1]), requiresGradient: false)
        let sgd = try SGD(ParameterStore(parameters: [a, frozen]), learningRate: 0.1)
        let state = TrainingState(model: Sequential<Float>(layers: []), optimizer: sgd)
        a.gradient = Tensor(shape: [1], scalars: [1])
        frozen.gradient = Tensor(shape: [1], scalars: [.nan])
        state.loss = 1
        #expect(try DivergenceGuard().gradientsComputed(state) == .update)
    }
}
