import Testing
@testable import DeepLearning

/// Remembers each report, and every parameter's gradient at that moment.
private final class GradientWitness: BackwardObserver {
    var reports: [String] = []
    var gradientsAtReport: [[ObjectIdentifier: [Float]]] = []
    let model: Sequential<Float>
    init(_ model: Sequential<Float>) { self.model = model }
    func backwardDidFinish(_ layer: any Layer<Float>) {
        reports.append(layer.name)
        gradientsAtReport.append(Dictionary(uniqueKeysWithValues: layer.parameters.map {
            (ObjectIdentifier($0), Array($0.gradients))
        }))
    }
}

@Suite("BackwardObserver: which gradients are complete during backward")
struct BackwardObserverTests {
    /// fc1, relu, block(fc2, relu, fc3): a nested Sequential, so that both levels report.
    static func model() -> Sequential<Float> {
        var generator = RandomGenerator(seed: 5)
        return Sequential(layers: [
            Linear(name: "fc1", inputFeatures: 3, outputFeatures: 4, generator: &generator), ReLU(name: "relu"),
            Sequential(name: "block", layers: [
                Linear(name: "fc2", inputFeatures: 4, outputFeatures: 4, generator: &generator), ReLU(name: "relu"),
                Linear(name: "fc3", inputFeatures: 4, outputFeatures: 2, generator: &generator),
            ]),
        ])
    }

    /// Reports come in backward order, inner layers before the block that holds them; and at each report the
    /// layer's parameters already hold their final gradient, bit for bit: an all-reduce started then reads the
    /// same numbers as one started after the whole backward pass.
    @Test func eachLayerIsReportedOnceItsGradientsAreFinal() throws {
        let model = Self.model()
        let witness = GradientWitness(model)
        model.observeBackward(by: witness)
        var generator = RandomGenerator(seed: 9)
        let input = Tensor<Float>(shape: [5, 3], scalars: (0..<15).map { _ in generator.nextUnitFloat() - 0.5 })
        let output = try model.forward(input)
        _ = try model.backward(Tensor(shape: output.shape, scalars: (0..<output.count).map { Float($0) / 7 - 0.6 }))
        #expect(witness.reports == ["fc3", "relu", "fc2", "block", "relu", "fc1"])
        let final = Dictionary(uniqueKeysWithValues: model.parameters.map { (ObjectIdentifier($0), Array($0.gradients)) })
        for snapshot in witness.gradientsAtReport {
            for (parameter, gradient) in snapshot { #expect(gradient == final[parameter]) }
        }
        #expect(final.values.allSatisfy { $0.contains { $0 != 0 } }, "every gradient is non-zero, so the check has teeth")

        model.observeBackward(by: nil)
        _ = try model.forward(input)
        _ = try model.backward(Tensor(shape: output.shape, repeating: 1))
        #expect(witness.reports.count == 6, "detached: no more reports")
    }
}
