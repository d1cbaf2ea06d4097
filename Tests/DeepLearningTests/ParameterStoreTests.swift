import Testing
@testable import DeepLearning

/// One buffer of values and one of gradients for a whole model, with each parameter a view of its slice.
@Suite("Parameter store: one contiguous buffer, views per tensor")
struct ParameterStoreTests {
    static func model(seed: UInt64 = 1) -> Sequential<Double> {
        var generator = RandomGenerator(seed: seed)
        return Sequential(layers: [
            Conv2d(name: "conv", inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, generator: &generator),
            ReLU(name: "relu"), Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: 2 * 4 * 4, outputFeatures: 3, generator: &generator),
        ])
    }

    /// The store's buffer is the parameters' numbers one after another in `named_parameters()` order: conv.weight
    /// (18), conv.bias (2), fc.weight (96), fc.bias (3) = 119; and the layers compute with that very memory.
    @Test func valuesAreOneBufferInNameOrder() throws {
        let model = Self.model()
        let before = model.parameters.flatMap(\.value.scalars)
        let store = ParameterStore(model)
        #expect(store.count == 119)
        #expect(store.entries.map(\.name) == ["conv.weight", "conv.bias", "fc.weight", "fc.bias"])
        #expect(store.entries.map(\.offset) == [0, 18, 20, 116])
        #expect(Array(store.values) == before)
        // A view and the store are the same memory, both ways.
        let fc = model.layers[3] as! Linear<Double>
        store.values[20] = 7
        #expect(fc.weight.values[0] == 7)
        fc.bias!.values[2] = -3
        #expect(store.values[118] == -3)
        // Backward writes the gradients into the store; one clear empties them all.
        let x = Tensor<Double>(shape: [2, 1, 4, 4], repeating: 1)
        _ = try model.forward(x)
        _ = try model.backward(Tensor(shape: [2, 3], repeating: 1))
        #expect(store.gradients.contains { $0 != 0 })
        #expect(Array(store.gradients[116..<119]) == [2, 2, 2])  // ∂L/∂fc.bias = Σ over the batch of 1
        store.zeroGradients()
        #expect(store.gradients.allSatisfy { $0 == 0 })
    }

    /// Gathering the same parameters again (a second optimizer) shares the buffer; nothing is copied.
    @Test func gatheringTwiceShares() throws {
        let model = Self.model()
        let first = ParameterStore(model), second = ParameterStore(model)
        #expect(first.values.baseAddress == second.values.baseAddress)
        let adam = try Adam(parameters: model.parameters)
        #expect(adam.store.values.baseAddress == first.values.baseAddress)
    }

    /// A new model over some old layers (a new head for fine-tuning) moves their parameters into its own buffer,
    /// numbers intact.
    @Test func aNewModelMovesTheParametersItShares() {
        let model = Self.model()
        let oldBuffer = ParameterStore(model).values.baseAddress
        let conv = model.layers[0] as! Conv2d<Double>
        let kept = conv.weight.value
        var generator = RandomGenerator(seed: 2)
        let head = Linear<Double>(name: "head", inputFeatures: 32, outputFeatures: 5, generator: &generator)
        let finetuned = Sequential<Double>(layers: [conv, ReLU(name: "relu"), Flatten(name: "flatten"), head])
        let new = ParameterStore(finetuned)
        #expect(new.values.baseAddress != oldBuffer)
        #expect(conv.weight.value == kept)
        #expect(new.entries.map(\.name) == ["conv.weight", "conv.bias", "head.weight", "head.bias"])
        #expect(conv.weight.values.baseAddress == new.values.baseAddress)
    }

    /// ...after which the old store refuses to be used: it would update memory no layer reads.
    @Test func anOutdatedStoreStopsWithAMessage() async {
        await #expect(processExitsWith: .failure) {
            let model = ParameterStoreTests.model()
            let old = ParameterStore(model)
            var generator = RandomGenerator(seed: 2)
            let conv = model.layers[0] as! Conv2d<Double>
            _ = ParameterStore(Sequential<Double>(layers: [
                conv, Linear(name: "head", inputFeatures: 1, outputFeatures: 1, generator: &generator)]))
            old.zeroGradients()
        }
    }

    /// √Σg² over trainable gradients: gradients 3 and 4 in two tensors give 5; a frozen tensor's do not count.
    @Test func gradientNormIsGlobal() {
        let a = Parameter(name: "a", value: Tensor<Double>(shape: [1])), b = Parameter(name: "b", value: Tensor<Double>(shape: [2]))
        let c = Parameter(name: "c", value: Tensor<Double>(shape: [1]), requiresGradient: false)
        let store = ParameterStore(parameters: [a, b, c])
        a.gradients[0] = 3
        b.gradients[1] = 4
        c.gradients[0] = 100
        #expect(store.gradientNorm() == 5)
        #expect(store.trainableCount == 3 && store.frozenCount == 1)
    }

    /// Adam over the store updates runs of tensors with one call each; a frozen tensor in the middle splits the run
    /// and keeps its numbers; the others equal Adam on each tensor alone.
    @Test func adamOverRunsEqualsAdamPerTensor() throws {
        func parameters() -> [Parameter<Double>] {
            (0..<3).map { index in
                Parameter(name: "p\(index)", value: Tensor(shape: [4], scalars: (0..<4).map { Double($0 + 4 * index) / 7 }))
            }
        }
        let together = parameters(), alone = parameters()
        together[1].requiresGradient = false
        let adam = try Adam(parameters: together, learningRate: 0.1)
        let singles = try [alone[0], alone[2]].map { try Adam(parameters: [$0], learningRate: 0.1) }
        for step in 1...3 {
            for (p, q) in zip(together, alone) {
                p.gradient = Tensor(shape: [4], scalars: (0..<4).map { Double(step * ($0 + 1)) - 5 })
                q.gradient = p.gradient
            }
            adam.step()
            singles.forEach { $0.step() }
        }
        #expect(together[0].value == alone[0].value && together[2].value == alone[2].value)
        #expect(together[1].value == alone[1].value)  // frozen: as it started (alone[1] was never stepped)
        #expect(adam.stepCounts == [3, 0, 3])
        #expect(adam.description == "Adam(lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8)")
    }
}
