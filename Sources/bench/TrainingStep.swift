import Glibc
import DeepLearning
import Kernels

/// One training step of the article's CNN at 1×28×28 on a fixed synthetic batch: forward, softmax cross-entropy,
/// backward, Adam — what `pytorch_reference.py` times on PyTorch's side.
final class TrainingStep {
    static let batch = 64
    static let classes = 10

    let model: Sequential<Float>
    let adam: InlineAdam
    let input: Tensor<Float>
    let labels: [Int]
    private let logitsShape = [TrainingStep.batch, TrainingStep.classes]
    private var logitsGradient = [Float](repeating: 0, count: TrainingStep.batch * TrainingStep.classes)

    init(seed: UInt64 = 1) {
        var generator = RandomGenerator(seed: seed)
        model = .articleCNN(inputChannels: 1, fc1InputFeatures: 128 * 7 * 7, generator: &generator)
        adam = InlineAdam(parameters: model.parameters)
        input = Tensor(shape: [Self.batch, 1, 28, 28],
                       scalars: (0..<Self.batch * 784).map { _ in generator.nextUnitFloat() })
        labels = (0..<Self.batch).map { _ in generator.nextInt(below: Self.classes) }
    }

    /// Runs one step and returns the batch's mean cross-entropy before the update.
    @discardableResult
    func run() throws -> Float {
        let logits = try model.forward(input)
        let loss = crossEntropy(logits.scalars)
        _ = try model.backward(Tensor(shape: logitsShape, scalars: logitsGradient))
        adam.update()
        return loss
    }

    /// Mean softmax cross-entropy of logits [64, 10] against `labels`; writes ∂loss/∂logits = (softmax − onehot)/64.
    private func crossEntropy(_ logits: [Float]) -> Float {
        var total: Float = 0
        let n = Self.batch, k = Self.classes
        for row in 0..<n {
            var largest = -Float.infinity
            for j in 0..<k { largest = max(largest, logits[row * k + j]) }
            var sum: Float = 0
            for j in 0..<k { sum += (logits[row * k + j] - largest).exponential }
            for j in 0..<k {
                let probability = (logits[row * k + j] - largest).exponential / sum
                logitsGradient[row * k + j] = (probability - (j == labels[row] ? 1 : 0)) / Float(n)
            }
            total += sum.logarithm + largest - logits[row * k + labels[row]]
        }
        return total / Float(n)
    }
}

private extension Float {
    var exponential: Float { Float(Glibc.exp(Double(self))) }
    var logarithm: Float { Float(Glibc.log(Double(self))) }
}
