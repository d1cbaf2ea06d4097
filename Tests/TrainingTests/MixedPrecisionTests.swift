import Testing
import DeepLearning
@testable import Training

@Suite("Mixed precision: FP32 masters, 16-bit copies")
struct MixedPrecisionTests {
    /// One SGD step of a linear layer in FP16 with a static scale 2¹⁰: forward sees the masters rounded to FP16;
    /// the optimizer sees gradients that were FP16 values before unscaling (g·2¹⁰ representable) and updates the
    /// FP32 masters, which are not FP16 values after the step (the update is smaller than FP16's spacing there);
    /// between epochs the store holds the rounded weights, and after training the masters again.
    @Test func oneStepKeepsMastersInFP32() throws {
        var generator = RandomGenerator(seed: 7)
        let scale = GradientScale()
        let model = Sequential<Float>(layers: [
            PrecisionBoundary(name: "input", format: .float16),
            Linear(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator),
            PrecisionBoundary(name: "fc-out", format: .float16, gradientScale: scale)])
        let store = ParameterStore(model)
        let masters = Array(store.values)
        var seenInForward: [Float] = [], seenByOptimizer: [Float] = [], betweenEpochs: [Float] = []
        let mixed = MixedPrecision(format: .float16)
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: SGD(store, learningRate: 1e-4),
                                  callbacks: [mixed, StepStart { seenInForward = Array($0.store.values) },
                                              LossScaler(.constant(1024), gradientScale: scale),
                                              AfterBackward { seenByOptimizer = Array($0.store.gradients) },
                                              EpochEnd { betweenEpochs = Array($0.store.values) }])
        // StepStart runs after MixedPrecision's stepWillBegin (callbacks run in order).
        try trainer.fit(FixedBatches.random(count: 1), epochs: 0..<1)
        #expect(seenInForward == masters.map(NumberFormat.float16.rounded))
        #expect(seenByOptimizer.allSatisfy { NumberFormat.float16.rounded($0 * 1024) == $0 * 1024 })
        let after = Array(store.values)
        #expect(after != masters && after != after.map(NumberFormat.float16.rounded))
        #expect(betweenEpochs == after.map(NumberFormat.float16.rounded))
    }
}
