import Foundation
import Testing
import DeepLearning
@testable import Training

/// The schedules against PyTorch's schedulers stepped once per optimizer step (Fixtures/schedules.json, written by
/// make_schedules.py), and through the trainer on Adam.
@Suite("Learning-rate schedules as PyTorch's schedulers give them")
struct LearningRateScheduleTests {
    struct Trace: Decodable {
        var baseLR: Double
        var learningRates: [Double]
        var beta1: [Double]
        enum CodingKeys: String, CodingKey { case baseLR = "base_lr", learningRates = "learning_rates", beta1 }
    }
    struct Fixture: Decodable {
        var step: Trace
        var warmupCosine: Trace
        var oneCycle: Trace
        enum CodingKeys: String, CodingKey { case step, warmupCosine = "warmup_cosine", oneCycle = "one_cycle" }
    }
    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "schedules", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// PyTorch computes some of these recursively (each rate from the last: CosineAnnealingLR's chainable form,
    /// LinearLR's ratios) and we from the closed form, so they differ by rounding: a few ulps of Double per step
    /// over 20 steps, 1e-13 relative at most; 1e-12 leaves room. A wrong formula (a step off, the warm-up's start,
    /// the phase boundary of one-cycle) moves them by 1e-3 or more.
    static func expectClose(_ ours: [Double], _ theirs: [Double], _ label: String) {
        #expect(ours.count == theirs.count, "\(label)")
        for (t, (a, b)) in zip(ours, theirs).enumerated() {
            #expect(abs(a - b) <= 1e-12 * max(abs(b), 1e-12), "\(label) step \(t): \(a) against \(b)")
        }
    }

    static func rates(_ schedule: LearningRateSchedule, _ trace: Trace) -> [Double] {
        trace.learningRates.indices.map { schedule.learningRate(base: trace.baseLR, step: $0) }
    }

    @Test func stepLR() {
        let trace = Self.fixture.step
        Self.expectClose(Self.rates(.step(every: 4, factor: 0.5), trace), trace.learningRates, "StepLR")
    }

    @Test func linearWarmupThenCosine() {
        let trace = Self.fixture.warmupCosine
        let schedule = LearningRateSchedule.warmupCosine(warmupSteps: 5, totalSteps: 20, startFactor: 0.1, minimum: 1e-4)
        Self.expectClose(Self.rates(schedule, trace), trace.learningRates, "LinearLR + CosineAnnealingLR")
    }

    /// OneCycleLR with its defaults, learning rate and Adam's β₁ (cycled 0.95 → 0.85 → 0.95).
    @Test func oneCycle() {
        let trace = Self.fixture.oneCycle
        let schedule = LearningRateSchedule.oneCycle(totalSteps: 20)
        Self.expectClose(Self.rates(schedule, trace), trace.learningRates, "OneCycleLR lr")
        Self.expectClose(trace.beta1.indices.map { schedule.momentum(step: $0)! }, trace.beta1, "OneCycleLR beta1")
        #expect(LearningRateSchedule.constant.momentum(step: 3) == nil)
    }

    /// Through the trainer: Adam's learning rate and β₁ at each step are the schedule's.
    @Test func theTrainerAppliesOneCycleToAdam() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Linear<Float>(name: "fc", inputFeatures: 3, outputFeatures: 2, generator: &generator)
        let adam = try Adam(ParameterStore(model), learningRate: Self.fixture.oneCycle.baseLR)
        var seen: [(Double, Double)] = []
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: adam,
                                  schedule: .oneCycle(totalSteps: 20),
                                  callbacks: [StepEnd { _ in seen.append((adam.learningRate, adam.beta1)) }])
        try trainer.fit(FixedBatches.random(count: 4), epochs: 0..<5)
        Self.expectClose(seen.map(\.0), Self.fixture.oneCycle.learningRates, "trainer lr")
        Self.expectClose(seen.map(\.1), Self.fixture.oneCycle.beta1, "trainer beta1")
    }

    @Test func badSchedulesAreOneLine() {
        #expect(throws: TrainingError.self) { try LearningRateSchedule.step(every: 0, factor: 0.5).validate(steps: 3) }
        #expect(throws: TrainingError.self) {
            try LearningRateSchedule.warmupCosine(warmupSteps: 10, totalSteps: 10).validate(steps: 5)
        }
        #expect(throws: TrainingError.self) { try LearningRateSchedule.oneCycle(totalSteps: 10).validate(steps: 11) }
        #expect(throws: Never.self) { try LearningRateSchedule.oneCycle(totalSteps: 10).validate(steps: 10) }
    }
}
