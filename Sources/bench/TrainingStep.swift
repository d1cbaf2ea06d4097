import DeepLearning
import Kernels

/// One training step of the article's CNN at 1×28×28 on a fixed synthetic batch: forward, CrossEntropyLoss,
/// backward, Adam (lr 1e-3), gradients cleared — what `pytorch_reference.py` times on PyTorch's side.
final class TrainingStep {
    static let batch = 64
    static let classes = 10

    let model: Sequential<Float>
    /// The model's parameters, listed once (`model.parameters` builds a new array at each call).
    let parameters: [Parameter<Float>]
    let optimizer: Adam<Float>
    let loss = CrossEntropyLoss<Float>()
    let input: Tensor<Float>
    let labels: [Int]

    init(seed: UInt64 = 1) {
        var generator = RandomGenerator(seed: seed)
        model = .articleCNN(inputChannels: 1, fc1InputFeatures: 128 * 7 * 7, generator: &generator)
        parameters = model.parameters
        optimizer = try! Adam(parameters: parameters, learningRate: 1e-3)
        input = Tensor(shape: [Self.batch, 1, 28, 28],
                       scalars: (0..<Self.batch * 784).map { _ in generator.nextUnitFloat() })
        labels = (0..<Self.batch).map { _ in generator.nextInt(below: Self.classes) }
    }

    /// Runs one step and returns the batch's mean cross-entropy before the update.
    @discardableResult
    func run() throws -> Float {
        let value = try forwardAndBackward()
        update()
        return value
    }

    /// Forward, loss and backward: the gradients of this batch, and its loss.
    func forwardAndBackward() throws -> Float {
        let result = try loss(try model.forward(input), targets: labels)
        _ = try model.backward(result.gradient)
        return result.value
    }

    /// Adam's update, then the gradients cleared for the next step.
    func update() {
        optimizer.step()
        clearGradients()
    }

    /// PyTorch's zero_grad(). Through the Kernels `fill`, not `Parameter.zeroGradient()`, whose element loop is
    /// generic code outside Kernels and runs unspecialised (the profile shows both).
    func clearGradients() {
        for parameter in parameters { fill(&parameter.gradient.scalars, with: 0) }
    }
}
