import Glibc
import Testing
@testable import DeepLearning

/// A seeded end-to-end run: a small CNN learns a fixed synthetic task with plain SGD, the loss falls, and a second
/// run repeats every loss bit for bit.
@Suite("Seeded training is reproducible")
struct DeterminismTests {
    /// Three classes of 1×6×6 images: noise uniform in ±0.5 plus a bright horizontal bar (class 0), vertical bar
    /// (class 1) or diagonal (class 2) at a random position. 48 images, drawn from `RandomGenerator(seed: 21)`.
    static func dataset() -> (images: [Float], labels: [Int]) {
        var generator = RandomGenerator(seed: 21)
        var images: [Float] = [], labels: [Int] = []
        for index in 0..<48 {
            let label = index % 3, offset = generator.nextInt(below: 4)
            var image = (0..<36).map { _ in generator.nextUnitFloat() - 0.5 }
            for t in 0..<6 {
                switch label {
                case 0: image[(offset + 1) * 6 + t] += 1.5
                case 1: image[t * 6 + offset + 1] += 1.5
                default: image[t * 6 + t] += 1.5
                }
            }
            images += image
            labels.append(label)
        }
        return (images, labels)
    }

    /// Mean softmax cross-entropy of logits [N, K] and its gradient (softmax − onehot)/N, written out here because
    /// the workbook's loss functions are not this suite's subject.
    static func crossEntropy(_ logits: Tensor<Float>, _ labels: [Int]) -> (loss: Float, gradient: Tensor<Float>) {
        let n = logits.shape[0], k = logits.shape[1]
        var gradient = Tensor<Float>(shape: logits.shape), total: Float = 0
        for row in 0..<n {
            let values = logits.scalars[row * k..<(row + 1) * k]
            let largest = values.max()!
            let sum = values.reduce(0) { $0 + exp($1 - largest) }
            for j in 0..<k {
                let probability = exp(values[row * k + j] - largest) / sum  // the slice keeps the array's indices
                let target: Float = j == labels[row] ? 1 : 0
                gradient.scalars[row * k + j] = (probability - target) / Float(n)
            }
            total += log(sum) + largest - values[row * k + labels[row]]
        }
        return (total / Float(n), gradient)
    }

    /// conv 1→4 (3×3, padding 1), ReLU, 2×2 max pool, flatten, linear 36→3; SGD with learning rate 0.1 on
    /// mini-batches of 16 in a fixed order, 300 steps. Returns every step's loss.
    static func train(seed: UInt64) throws -> [Float] {
        var generator = RandomGenerator(seed: seed)
        let model = Sequential<Float>(layers: [
            Conv2d(name: "conv", inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, generator: &generator),
            ReLU(name: "relu"), MaxPool2d(name: "pool", kernelSize: 2), Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: 36, outputFeatures: 3, generator: &generator),
        ])
        let (images, labels) = dataset()
        var losses: [Float] = []
        for step in 0..<300 {
            let first = (step % 3) * 16
            let batch = Tensor<Float>(shape: [16, 1, 6, 6], scalars: Array(images[first * 36..<(first + 16) * 36]))
            let (loss, gradient) = crossEntropy(try model.forward(batch), Array(labels[first..<first + 16]))
            losses.append(loss)
            _ = try model.backward(gradient)
            for parameter in model.parameters {
                for i in parameter.value.scalars.indices {
                    parameter.value.scalars[i] -= 0.1 * parameter.gradient.scalars[i]
                }
                fill(&parameter.gradient.scalars, with: 0)
            }
        }
        return losses
    }

    /// The loss starts near ln 3 ≈ 1.10 (three classes, small random logits). The bars are 1.5 bright against ±0.5
    /// noise, so the classes are separable by the conv filters: after 300 steps the mean of the last 30 losses must
    /// be below 0.05 (a net that does not learn stays near 1.1). Two runs must agree bit for bit.
    /// With 1 worker and with 2 (the batch split, partial weight gradients added in worker order).
    @Test(arguments: [1, 2]) func lossFallsAndRunsRepeatBitForBit(workers: Int) throws {
        let (first, second) = try KernelWorkers.$count.withValue(workers) {
            (try Self.train(seed: 5), try Self.train(seed: 5))
        }
        #expect(abs(first[0] - 1.0986) < 0.3)
        let tail = first.suffix(30).reduce(0, +) / 30
        #expect(tail < 0.05, "mean of the last 30 losses: \(tail)")
        #expect(first == second)
    }
}
