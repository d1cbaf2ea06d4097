import DeepLearning
import Training

/// One training step of a bench model at 1×28×28 on a fixed synthetic batch, through the general `Trainer`:
/// gradients cleared, forward, CrossEntropyLoss, backward, Adam (lr 1e-3) — what `pytorch_reference.py` times on
/// PyTorch's side.
final class TrainingStep {
    static let batch = 64
    static let classes = 10

    let model: Sequential<Float>
    let trainer: Trainer<CrossEntropyLoss<Float>>
    let input: Tensor<Float>
    let labels: [Int]

    init(_ kind: BenchModel = .cnn, seed: UInt64 = 1) {
        var generator = RandomGenerator(seed: seed)
        model = kind.build(generator: &generator)
        trainer = try! Trainer(model: model, loss: CrossEntropyLoss(),
                               optimizer: Adam(ParameterStore(model), learningRate: 1e-3))
        input = Tensor(shape: [Self.batch, 1, 28, 28],
                       scalars: (0..<Self.batch * 784).map { _ in generator.nextUnitFloat() })
        labels = (0..<Self.batch).map { _ in generator.nextInt(below: Self.classes) }
    }

    /// Runs one step and returns the batch's mean cross-entropy before the update.
    @discardableResult
    func run() throws -> Float {
        try trainer.step(input, labels)
    }
}
