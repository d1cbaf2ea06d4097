import Foundation
import Datasets
import DeepLearning
import Distributed
import Plotting
import Training

/// The data-parallel step's measurements past one run: the speed of every rank count run so far (one small JSON
/// per count, `speed-N-ranks.json`, read back for the speed-up chart), the all-reduce measured and fitted, and the
/// α–β prediction for more ranks on real networks.
enum ScalingNarration {
    /// One run's speed, as saved beside the step's charts.
    struct Speed: Codable, Equatable {
        var ranks: Int
        var model: String
        var globalBatchSize: Int
        var fitImages: Int
        var steps: Int
        var imagesPerSecond: Double
    }

    /// Saves this run's speed and draws the speed-up of every saved run of the same recipe over the 1-rank one.
    static func recordSpeed(ranks: Int, configuration: DataParallelConfiguration, fitCount: Int, steps: Int,
                            imagesPerSecond: Double, in context: RunContext) throws {
        guard context.speaks else { return }
        let speed = Speed(ranks: ranks, model: configuration.model.rawValue, globalBatchSize: configuration.globalBatchSize,
                          fitImages: fitCount, steps: steps, imagesPerSecond: imagesPerSecond)
        try FileManager.default.createDirectory(at: context.directory, withIntermediateDirectories: true)
        try JSONEncoder().encode(speed).write(to: context.directory.appendingPathComponent("speed-\(ranks)-ranks.json"))
        let saved = (1...64).compactMap { n -> Speed? in
            let url = context.directory.appendingPathComponent("speed-\(n)-ranks.json")
            guard let data = try? Data(contentsOf: url), let other = try? JSONDecoder().decode(Speed.self, from: data),
                  (other.model, other.globalBatchSize, other.fitImages, other.steps)
                    == (speed.model, speed.globalBatchSize, speed.fitImages, speed.steps) else { return nil }
            return other
        }
        guard let single = saved.first(where: { $0.ranks == 1 }) else {
            context.say("speed-up: run `workbook data-parallel` with the same options on 1 rank too, to compare")
            return
        }
        for other in saved where other.ranks > 1 {
            let speedUp = other.imagesPerSecond / single.imagesPerSecond
            context.say("speed-up of \(other.ranks) ranks over 1: \(String(format: "%.2f", speedUp))× "
                        + "(\(Int(other.imagesPerSecond)) against \(Int(single.imagesPerSecond)) img/s)")
            context.result("speed-up \(other.ranks) ranks", .number(speedUp))
        }
        try context.draw(Chart(
            name: "speed-up", title: context.chartTitle("数据并行：加速比与进程数"),
            content: .series([
                Series("measured on this machine", x: saved.map { Double($0.ranks) },
                       y: saved.map { $0.imagesPerSecond / single.imagesPerSecond }, style: .linesPoints),
                Series("ideal (N×)", x: saved.map { Double($0.ranks) }, y: saved.map { Double($0.ranks) },
                       style: .dashedLines),
            ]),
            xAxis: Axis("ranks (1 BLAS thread each)"), yAxis: Axis("speed-up over 1 rank"),
            legendPosition: "top left"))
    }

    /// The all-reduce measured on this machine, its α–β fit, and the CNN's predicted scaling elsewhere.
    /// `warmupThreshold`: the global batch from which the warm-up sweep found that lr·B/64 needs a warm-up;
    /// `sweptUpTo`: the largest global batch it tried (nil: no sweep).
    static func narrate(_ measurements: [AllreduceBenchmark.Measurement], ranks: Int, split: StepSplit,
                        model run: DataParallelRun, fit: LabeledImages, normalization: InputNormalization,
                        warmupThreshold: Int?, sweptUpTo: Int?, in context: RunContext) throws {
        let samples = fit.count
        let fitted = RingAllreduceModel.fit(measurements, ranks: ranks)
        context.heading("All-reduce on this machine (OSU-style), and the α–β model of a ring")
        context.say(table(["bytes", "latency", "bandwidth", "α–β model"], measurements.map { m in
            [byteText(m.bytes), String(format: "%.1f µs", 1e6 * m.seconds),
             String(format: "%.2f GB/s", m.bandwidth / 1e9),
             String(format: "%.1f µs", 1e6 * fitted.seconds(bytes: m.bytes, ranks: ranks))]
        }))
        context.say("fit of T = 2(N − 1)α + 2(N − 1)/N·n·β: α = \(String(format: "%.2f", 1e6 * fitted.alpha)) µs, "
                    + "1/β = \(String(format: "%.2f", 1 / fitted.beta / 1e9)) GB/s (shared memory between \(ranks) ranks)")
        context.result("allreduce alpha seconds", .number(fitted.alpha))
        context.result("allreduce beta seconds per byte", .number(fitted.beta))
        try context.draw(Chart(
            name: "allreduce", title: context.chartTitle("all-reduce 延迟：测量与 α–β 模型"),
            content: .series([
                Series("measured, \(ranks) ranks", x: measurements.map { Double($0.bytes) },
                       y: measurements.map { 1e6 * $0.seconds }, style: .points),
                Series("α–β fit", x: measurements.map { Double($0.bytes) },
                       y: measurements.map { 1e6 * fitted.seconds(bytes: $0.bytes, ranks: ranks) }),
            ]),
            xAxis: Axis("message size (bytes)", logarithmic: true),
            yAxis: Axis("time per all-reduce (µs)", logarithmic: true), legendPosition: "top left"))

        // One rank's step at the local batch, computing only: this run's model from its steps (time minus wait),
        // the other of the CNN and the ResNet timed here on every rank for a few steps.
        let localBatch = (run.configuration.globalBatchSize + ranks - 1) / ranks
        let counts = [1, 2, 4, 8, 16, 32, 64]
        context.heading("Predicted: \(localBatch) images per rank per step, no overlap, \(samples) images per epoch")
        var rows: [[String]] = [], curves: [Series] = []
        for model in [DistributedModel.cnn, .resnet] {
            let (compute, parameters): (Double, Int)
            if model == run.configuration.model {
                (compute, parameters) = (split.stepSeconds - split.waitSeconds, run.optimizer.store.count)
            } else {
                (compute, parameters) = try localStep(of: model, localBatch: localBatch, fit: fit,
                                                      normalization: normalization, world: run.world)
            }
            let gradientBytes = parameters * 4
            context.say("\(model.rawValue): \(parameters) parameters (\(byteText(gradientBytes)) of gradients), "
                        + "\(milliseconds(compute)) of computing per step of \(localBatch) images on one rank")
            for (name, network) in [("10 GbE", RingAllreduceModel.tenGigabitEthernet),
                                    ("100 Gb/s", RingAllreduceModel.hundredGigabit)] {
                let predictions = counts.map {
                    ScalingPrediction.predict(ranks: $0, samples: samples, localBatch: localBatch, stepSeconds: compute,
                                              gradientBytes: gradientBytes, network: network)
                }
                for p in predictions where p.ranks > 1 {
                    let warmup = warmupThreshold.map { p.globalBatch >= $0 ? "needed" : "no" }
                        ?? sweptUpTo.map { p.globalBatch <= $0 ? "no" : "beyond the sweep" } ?? "not measured"
                    rows.append([model.rawValue, name, "\(p.ranks)", "\(p.globalBatch)",
                                 String(format: "%.2f s", p.epochSeconds), String(format: "%.1f×", p.speedUp),
                                 String(format: "%.0f%%", 100 * p.efficiency), warmup])
                }
                curves.append(Series("\(model.rawValue), \(name)", x: counts.map(Double.init),
                                     y: predictions.map(\.speedUp), style: .linesPoints))
            }
        }
        context.say(table(["model", "network", "ranks", "global batch", "epoch", "speed-up", "efficiency", "warm-up"], rows))
        if let warmupThreshold {
            let first = counts.first { $0 * localBatch >= warmupThreshold }
            context.say("The linear-scaling rule (Goyal et al. 2017) keeps lr/batch constant. The sweep above found "
                        + "that from a global batch of \(warmupThreshold) it needs a warm-up: at \(localBatch) images "
                        + "per rank that is "
                        + (first.map { "N ≥ \($0) ranks" } ?? "beyond \(counts.last!) ranks") + ".")
        } else {
            context.say("The linear-scaling rule (Goyal et al. 2017) keeps lr/batch constant; "
                        + (sweptUpTo.map { "the warm-up sweep found no threshold up to a global batch of \($0)." }
                           ?? "the warm-up sweep was skipped (--no-warmup-sweep), so no N is marked."))
        }
        try context.draw(Chart(
            name: "scaling-prediction", title: context.chartTitle("数据并行的预测加速比（α–β 模型）"),
            content: .series(curves + [Series("ideal", x: counts.map(Double.init), y: counts.map(Double.init),
                                              style: .dashedLines)]),
            xAxis: Axis("ranks", logarithmic: true), yAxis: Axis("speed-up over 1 rank", logarithmic: true),
            legendPosition: "top left"))
    }

    /// Seconds of one step of `model` at `localBatch` without communication (forward, backward, Adam), and its
    /// parameter count: every rank trains its own copy at once, as data-parallel ranks compute side by side, one
    /// step to warm up and then 5 timed; the slowest rank's mean.
    static func localStep(of model: DistributedModel, localBatch: Int, fit: LabeledImages,
                          normalization: InputNormalization, world: Communicator) throws -> (Double, Int) {
        var generator = RandomGenerator(seed: 0, stream: DataParallelRun.weightStream)
        let network = model.build(statistics: .perRank, group: ThisProcessOnly(), generator: &generator)
        let store = ParameterStore(network)
        let trainer = try Trainer(model: network, loss: CrossEntropyLoss(), optimizer: Adam(store))
        let loader = DataLoader(fit, batchSize: localBatch, normalization: normalization)
        try trainer.trainEpoch(loader, epoch: 0, maximumSteps: 1)
        try world.barrier()
        let timed = min(5, loader.batchesPerEpoch)
        let start = Date()
        try trainer.trainEpoch(loader, epoch: 0, maximumSteps: timed)
        var seconds = Date().timeIntervalSince(start) / Double(timed)
        try withUnsafeMutablePointer(to: &seconds) { try world.maximum(UnsafeMutableBufferPointer(start: $0, count: 1)) }
        return (seconds, store.count)
    }

    static func byteText(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : bytes >= 1 << 10 ? "\(bytes >> 10) KB" : "\(bytes) B"
    }
}
