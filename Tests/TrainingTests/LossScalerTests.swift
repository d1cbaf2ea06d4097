import Foundation
import Testing
import DeepLearning
@testable import Training

/// Before the loss scaler: writes +∞ or NaN into one gradient on the steps a script says, as an FP16 overflow would.
final class ScriptedOverflow: TrainingCallback {
    let kinds: [String]
    init(_ kinds: [String]) { self.kinds = kinds }
    func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        switch kinds[state.globalStep] {
        case "inf": state.store.gradients[1] = .infinity
        case "nan": state.store.gradients[2] = .nan
        default: break
        }
        return .update
    }
}

@Suite("Loss scaling as torch.amp.GradScaler does it")
struct LossScalerTests {
    struct Fixture: Decodable {
        var runs: [[Kind]]
        var scaleAfterStep: [Float]
        var skipped: [Bool]
        enum CodingKeys: String, CodingKey { case runs, scaleAfterStep = "scale_after_step", skipped }
        /// A run-length entry: ["inf", 3].
        enum Kind: Decodable {
            case name(String), count(Int)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let count = try? container.decode(Int.self) { self = .count(count) } else { self = .name(try container.decode(String.self)) }
            }
        }
        var kinds: [String] {
            runs.flatMap { run -> [String] in
                guard case .name(let name) = run[0], case .count(let count) = run[1] else { return [] }
                return Array(repeating: name, count: count)
            }
        }
    }
    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "loss_scale", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// GradScaler("cpu") with its defaults on 10,022 scripted steps (make_loss_scale.py: three overflows, growth
    /// after 2,000 finite steps, an overflow one step before the next growth, NaN, two growths in a row): our
    /// scale after every step, and which steps left the weights alone, equal PyTorch's exactly (every scale is a
    /// power of two: no rounding to differ by). The scale's changes are listed in the fixture's comment.
    @Test func theScaleFollowsGradScalerStepByStep() throws {
        let kinds = Self.fixture.kinds
        #expect(kinds.count == 10_022 && Self.fixture.scaleAfterStep.count == kinds.count)
        var generator = RandomGenerator(seed: 3)
        let model = Linear<Float>(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator)
        let scaler = LossScaler(.gradScalerDefaults)
        var scales: [Float] = [], skipped: [Bool] = [], before: [Float] = []
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                  optimizer: SGD(ParameterStore(model), learningRate: 1e-3),
                                  callbacks: [ScriptedOverflow(kinds), scaler, DivergenceGuard(),
                                              StepEnd { state in
                                                  scales.append(scaler.scale)
                                                  skipped.append(Array(state.store.values) == before)
                                              }])
        trainer.callbacks.insert(StepStart { state in before = Array(state.store.values) }, at: 0)
        let batch = FixedBatches.random(count: 1).list[0]
        for _ in kinds { try trainer.step(batch.inputs, batch.targets) }
        #expect(scales == Self.fixture.scaleAfterStep)
        #expect(skipped == Self.fixture.skipped)
        #expect(scaler.overflows == 8 && trainer.state.skippedSteps == 8)
    }

    /// Unscaling divides by the scale the step's backward used: with S = 2⁴ (a power of two, so ×S and ×1/S are
    /// exact) the gradient the optimizer sees equals the unscaled one bit for bit; the boundary multiplied the loss
    /// gradient by S, so the store held S times the plain gradient before the scaler ran.
    @Test func unscalingRecoversThePlainGradient() throws {
        func gradient(scaled: Bool) throws -> (seen: [Float], beforeUnscaling: [Float]) {
            var generator = RandomGenerator(seed: 5)
            let scale = GradientScale()
            let model = Sequential<Float>(layers: [
                Linear(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator),
                PrecisionBoundary(name: "out", format: .float32, gradientScale: scale)])
            var seen: [Float] = [], raw: [Float] = []
            var callbacks: [any TrainingCallback] = [AfterBackward { raw = Array($0.store.gradients) }]
            if scaled { callbacks.append(LossScaler(.constant(16), gradientScale: scale)) }
            callbacks.append(AfterBackward { seen = Array($0.store.gradients) })
            let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                      optimizer: SGD(ParameterStore(model), learningRate: 0.1), callbacks: callbacks)
            let batch = FixedBatches.random(count: 1).list[0]
            try trainer.step(batch.inputs, batch.targets)
            return (seen, raw)
        }
        let plain = try gradient(scaled: false), scaled = try gradient(scaled: true)
        #expect(scaled.seen == plain.seen)
        #expect(scaled.beforeUnscaling == plain.seen.map { 16 * $0 })
    }
}

/// A closure before each step.
final class StepStart: TrainingCallback {
    let body: (TrainingState) -> Void
    init(_ body: @escaping (TrainingState) -> Void) { self.body = body }
    func stepWillBegin(_ state: TrainingState) throws { body(state) }
}

/// A closure after backward.
final class AfterBackward: TrainingCallback {
    let body: (TrainingState) -> Void
    init(_ body: @escaping (TrainingState) -> Void) { self.body = body }
    func gradientsComputed(_ state: TrainingState) throws -> StepDecision { body(state); return .update }
}
