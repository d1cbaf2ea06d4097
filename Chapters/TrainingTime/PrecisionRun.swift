import Foundation
import Datasets
import DeepLearning
import Training

/// One training of the article's recipe (CNN, Adam 0.001, batch 64) in one precision mode, with the validation
/// loss and accuracy and the test accuracy after every epoch (in the 16-bit modes: of the 16-bit model), the steps
/// the loss scaler skipped and its last scale; an FP32 run also takes a census of its gradients.
public struct PrecisionRun: Sendable {
    public var mode: PrecisionMode
    public var seed: Int
    /// Per epoch (1-based): "train loss", "validation loss", "validation accuracy", "test accuracy"; seconds of
    /// training steps.
    public var epochs: [EpochRecord]
    public var skippedSteps: Int
    public var finalScale: Double?
    /// FP32 runs: the weight and activation gradients of every `censusEvery`-th step.
    public var census: Census?

    public struct Census: Codable, Sendable {
        public var weights: GradientTally
        public var activations: GradientTally
        public var sampledSteps: Int
    }

    public var testAccuracy: Double { epochs.last?.metrics["test accuracy"] ?? .nan }
    public var meanEpochSeconds: Double {
        let seconds = epochs.compactMap(\.seconds)
        return seconds.isEmpty ? .nan : seconds.reduce(0, +) / Double(seconds.count)
    }

    /// What the census asks of every gradient value: FP16 unscaled, ×2¹⁰ (the static scale), ×2¹⁶ (GradScaler's
    /// first scale), BF16 unscaled.
    public static let censusScenarios: [GradientTally.Scenario] = [
        .init(.float16), .init(.float16, scale: PrecisionMode.staticScale), .init(.float16, scale: 65_536),
        .init(.bfloat16),
    ]

    /// Trains `epochs` epochs of `fit` in `mode` from `seed`; evaluates on `validation` and `test` after each.
    static func train(_ mode: PrecisionMode, seed: UInt64, fit: LabeledImages, validation: LabeledImages,
                      test: LabeledImages, epochs: Int, censusEvery: Int, showsProgress: Bool,
                      say: @escaping (String) -> Void) throws -> PrecisionRun {
        let scale = GradientScale()
        let cnn = try CNNTrainer(fit: fit, seed: seed, batchSize: 64, learningRate: 0.001,
                                 build: mode.modelBuilder(gradientScale: scale))
        let scaler = mode.attach(to: cnn, gradientScale: scale)
        let census = mode == .fp32
            ? GradientCensus(model: cnn.model, scenarios: censusScenarios, sampleEvery: censusEvery) : nil
        if let census { cnn.trainer.callbacks.insert(census, at: 0) }
        cnn.trainer.callbacks.append(Validation(on: DataLoader(validation, batchSize: CNNTrainer.evaluationBatchSize,
                                                               normalization: cnn.normalization)))
        // unowned: the trainer holds this callback, and the callback must not hold the trainer.
        cnn.trainer.callbacks.append(EpochEnd { [unowned cnn] state in
            state.metrics["test accuracy"] = accuracy(try cnn.predict(test), test.labels)
            say("\(mode.label) epoch \(state.epoch + 1): train loss \(String(format: "%.4f", state.meanEpochLoss)), "
                + "validation loss \(String(format: "%.4f", state.metrics["validation loss"] ?? .nan)), test "
                + "\(percent(state.metrics["test accuracy"] ?? .nan)), \(String(format: "%.1f", state.epochSeconds)) s"
                + (scaler.map { ", scale \(Int($0.scale)), \(state.skippedSteps) skipped" } ?? ""))
        })
        if showsProgress { cnn.showProgress { "\(mode.rawValue) epoch \($0 + 1)/\(epochs)" } }
        let summaries = try cnn.trainer.fit(cnn.fitLoader, epochs: 0..<epochs)
        return PrecisionRun(
            mode: mode, seed: Int(seed),
            epochs: summaries.map { EpochRecord(epoch: $0.epoch + 1, metrics: $0.metrics, seconds: $0.trainingSeconds) },
            skippedSteps: cnn.trainer.state.skippedSteps, finalScale: scaler.map { Double($0.scale) },
            census: census.map { Census(weights: $0.weights, activations: $0.activations, sampledSteps: $0.sampledSteps) })
    }

    // MARK: Records

    /// The sub-folder of the step's folder that holds the record of `mode`'s run from `seed`.
    static func folder(_ mode: PrecisionMode, seed: Int) -> String { "runs/\(mode.rawValue)/seed-\(seed)" }
    static let censusFile = "census.json"

    /// Writes the run into `context`'s record (parameters, epochs, results) and its census beside it.
    func record(in context: RunContext) throws {
        context.parameter("precision mode", .text(mode.rawValue))
        for epoch in epochs { context.epoch(epoch) }
        context.result("test accuracy", .number(testAccuracy))
        context.result("skipped steps", .integer(skippedSteps))
        if let finalScale { context.result("final loss scale", .number(finalScale)) }
        context.result("mean epoch seconds", .number(meanEpochSeconds))
        guard let census else { return }
        try FileManager.default.createDirectory(at: context.recordDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(census).write(to: context.recordDirectory.appendingPathComponent(Self.censusFile))
    }

    /// Every full run recorded under `directory`/runs/<mode>/seed-N/ (`epochs` epochs, every fit image), by mode
    /// and seed.
    static func readAll(in directory: URL, epochs: Int) -> [PrecisionRun] {
        var runs: [PrecisionRun] = []
        for mode in PrecisionMode.allCases {
            let modeFolder = directory.appendingPathComponent("runs/\(mode.rawValue)")
            let seeds = (try? FileManager.default.contentsOfDirectory(atPath: modeFolder.path)) ?? []
            for folder in seeds.sorted() {
                let url = modeFolder.appendingPathComponent(folder)
                guard let data = try? Data(contentsOf: url.appendingPathComponent("run.json")),
                      let record = try? JSONDecoder().decode(RunRecord.self, from: data),
                      record.command == TrainingTimeStep.command,
                      record.parameters["precision mode"] == .text(mode.rawValue),
                      record.parameters["fit images limit"] == .integer(0),
                      record.epochs.count == epochs, let seed = record.seed else { continue }
                let census = (try? Data(contentsOf: url.appendingPathComponent(censusFile)))
                    .flatMap { try? JSONDecoder().decode(Census.self, from: $0) }
                var skipped = 0, scale: Double?
                if case .integer(let value)? = record.results["skipped steps"] { skipped = value }
                // JSON does not keep Double apart from Int: a whole-number scale reads back as an integer.
                switch record.results["final loss scale"] {
                case .number(let value)?: scale = value
                case .integer(let value)?: scale = Double(value)
                default: break
                }
                runs.append(PrecisionRun(mode: mode, seed: Int(seed), epochs: record.epochs, skippedSteps: skipped,
                                         finalScale: scale, census: census))
            }
        }
        return runs.sorted { ($0.mode.rawValue, $0.seed) < ($1.mode.rawValue, $1.seed) }
    }
}



