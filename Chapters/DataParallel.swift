import Foundation
import Datasets
import DeepLearning
import Distributed
import Plotting
import Training

/// The options of `workbook data-parallel`.
public struct DataParallelOptions: StepOptions, Equatable {
    public var training = DataParallelConfiguration()
    public var epochs = 1
    /// Train on only the first images of the fit set; nil for all 55,000.
    public var fitLimit: Int?
    /// Stop each epoch after this many steps; nil for whole epochs.
    public var maximumSteps: Int?
    /// Measure all-reduce latency and bandwidth after training (2 ranks or more).
    public var measureAllreduce = true
    public var dataDirectory = FashionMNIST.defaultDirectory
    /// Where rank 0 writes the checkpoint after each epoch; nil: `checkpoint.safetensors` in the step's folder.
    public var checkpoint: URL?
    /// A checkpoint to go on from: training starts at the epoch after its last one.
    public var resume: URL?
    /// The warm-up threshold sweep after training (nil: skipped).
    public var warmupSweep: WarmupSweep? = .full

    public init() {}

    /// `workbook all --quick` and CI: 2,000 images, one epoch, a short all-reduce measurement.
    public static var quick: DataParallelOptions {
        var options = DataParallelOptions()
        options.fitLimit = 2000
        options.warmupSweep = .quick
        return options
    }

    public func validate() throws {
        guard (1...100).contains(epochs) else { throw OptionError("--epochs must be between 1 and 100, got \(epochs)") }
        guard (1...60000).contains(training.globalBatchSize) else {
            throw OptionError("--batch-size must be between 1 and 60000, got \(training.globalBatchSize)")
        }
        guard training.learningRate.isFinite, training.learningRate > 0, training.learningRate < 10 else {
            throw OptionError("--learning-rate must be a positive finite number below 10, got \(training.learningRate)")
        }
        guard training.firstBucketBytes > 0, training.bucketBytes > 0 else {
            throw OptionError("--first-bucket-mb and --bucket-mb must be positive")
        }
        if let fitLimit, fitLimit < 1 { throw OptionError("--fit-images must be at least 1, got \(fitLimit)") }
        if let maximumSteps, maximumSteps < 1 { throw OptionError("--steps must be at least 1, got \(maximumSteps)") }
    }
}

/// §5.3.3 改进措施, data parallelism: the article names it as a way to train faster and shows nothing. Here the
/// recipe of §5.2.3 runs on N MPI ranks (`mpiexec -n N workbook data-parallel`), each on its shard of every global
/// batch, kept equal by PyTorch DDP's design (see `DataParallel`). Rank 0 alone prints, draws and records.
public enum DataParallelStep: ConfigurableStep {
    public static let command = "data-parallel"
    public static let section = ArticleSection.improvements
    public static let abstract = "§5.3.3: data-parallel training on MPI ranks (DDP's bucketed all-reduce overlapping backward); speed-up and scaling."
    public static let discussion = """
        Start it with `mpiexec -n 2 workbook data-parallel` (or `workbook data-parallel --ranks 2`); without \
        mpiexec it runs as one rank. Every rank holds the model; rank r takes its slice of every global batch of \
        --batch-size; the gradients are averaged by all-reduce over buckets of the one gradient buffer (--first-bucket-mb, \
        --bucket-mb: DDP's 1 and 25), each started as backward completes it. Prints what each rank does, the \
        loss per epoch, images/s, the split of a step between computing and waiting for the all-reduce, and with \
        2 ranks or more the all-reduce latency and bandwidth (4 B to 64 MB) with the fitted α–β ring model and \
        its prediction for 2 to 64 ranks on 10 GbE and 100 Gb/s networks. Charts in Plots/5.3.3-data-parallel/. \
        On several machines: `mpiexec -f hosts -n 8 .build/release/workbook data-parallel` (README).
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        try run(quick ? .quick : DataParallelOptions(), in: context)
    }

    public static func run(_ options: DataParallelOptions, in context: RunContext) throws {
        try options.validate()
        let world = try Communicator.world()
        try BLASThreads.with(1) { try train(options, world: world, in: context) }
    }

    private static func train(_ options: DataParallelOptions, world: Communicator, in context: RunContext) throws {
        let configuration = options.training
        context.seed(configuration.seed)
        context.blasThreads(blasThreadCount)
        context.parameter("ranks", .integer(world.size))
        context.parameter("model", .text(configuration.model.rawValue))
        context.parameter("batch norm statistics", .text(configuration.statistics.rawValue))
        context.parameter("global batch size", .integer(configuration.globalBatchSize))
        context.parameter("learning rate", .number(configuration.learningRate))
        context.parameter("epochs", .integer(options.epochs))
        context.parameter("overlap", .text(configuration.overlap ? "on" : "off"))
        context.parameter("first bucket bytes", .integer(configuration.firstBucketBytes))
        context.parameter("bucket bytes", .integer(configuration.bucketBytes))
        context.parameter("fit images limit", .integer(options.fitLimit ?? 0))
        if world.size == 1 {
            context.say("One rank: this process alone. Start more with `mpiexec -n 2 .build/release/workbook "
                        + "data-parallel` or `workbook data-parallel --ranks 2` (MPICH: `make deps`).")
        }

        let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory)
        let fit = options.fitLimit.map { splits.fit.subset(0..<min($0, splits.fit.count)) } ?? splits.fit
        let normalization = try InputNormalization(ChannelStatistics(of: fit))
        let run = try DataParallelRun(world: world, fit: fit, normalization: normalization, configuration: configuration)
        narrateRanks(run, fit: fit, in: context)
        let checkpoint = options.checkpoint ?? context.directory.appendingPathComponent("checkpoint.safetensors")
        let firstEpoch = try options.resume.map { try run.resume(from: $0) } ?? 0
        guard firstEpoch < options.epochs else {
            throw OptionError("the checkpoint has \(firstEpoch) epochs done: --epochs must be more for a resumed run to "
                              + "train any, got \(options.epochs)")
        }
        if let resume = options.resume {
            context.say("resumed from \(resume.path): \(firstEpoch) epoch\(firstEpoch == 1 ? "" : "s") done, "
                        + "going on with epoch \(firstEpoch + 1)")
        }
        if world.isRoot { try FileManager.default.createDirectory(at: checkpoint.deletingLastPathComponent(), withIntermediateDirectories: true) }
        context.say("after each epoch rank 0 alone writes the model, Adam's moments and the clocks to "
                    + "\(checkpoint.path) (a temporary file, fsync, rename over the last one)")
        context.parameter("first epoch", .integer(firstEpoch + 1))

        let steps = min(run.loader.batchesPerEpoch, options.maximumSteps ?? .max)
        context.heading("Training: \(options.epochs) epoch\(options.epochs == 1 ? "" : "s") of \(steps) steps on \(world.size) rank\(world.size == 1 ? "" : "s")")
        if world.isRoot {
            run.trainer.callbacks.append(ProgressDisplay(unitsPerStep: configuration.globalBatchSize) {
                "epoch \($0 + 1)/\(options.epochs)"
            })
        }
        // Before step 1 of a fresh run of a BatchNorm model: what one process would compute, for the comparison.
        let batchNormCheck = configuration.model.hasBatchNorm && firstEpoch == 0 && world.isRoot
            ? try BatchNormCheck(run, fit: fit, normalization: normalization) : nil
        if let batchNormCheck { run.trainer.callbacks.append(batchNormCheck) }
        var epochSeconds: [Double] = [], losses: [Double] = []
        for epoch in firstEpoch..<options.epochs {
            let stepLosses = try run.trainEpoch(epoch, maximumSteps: steps, checkpoint: checkpoint)
            if epoch == 0 { batchNormCheck?.narrate(run, in: context) }
            let seconds = run.trainer.state.epochSeconds
            let loss = stepLosses.reduce(0.0) { $0 + Double($1) } / Double(max(stepLosses.count, 1))
            let images = Double(min(fit.count, steps * configuration.globalBatchSize))
            var accuracyText = ""
            var metrics = ["train loss": loss, "images per second": images / seconds]
            if world.isRoot {
                let test = accuracy(try CNNTrainer.predict(run.model, splits.test, normalization: normalization),
                                    splits.test.labels)
                metrics["test accuracy"] = test
                accuracyText = "  test \(percent(test)) (rank 0)"
            }
            context.say("epoch \(epoch + 1): train loss \(String(format: "%.4f", loss))\(accuracyText)  "
                        + "\(String(format: "%.1f", seconds)) s (\(Int((images / seconds).rounded())) img/s)")
            context.epoch(EpochRecord(epoch: epoch + 1, metrics: metrics, seconds: seconds))
            epochSeconds.append(seconds)
            losses.append(loss)
            // Evaluation ran on rank 0 alone; the others wait here rather than spinning in the next all-reduce.
            try world.barrier()
        }
        let split = StepSplit(run)
        narrateSplit(split, in: context)
        let imagesPerSecond = Double(min(fit.count, steps * configuration.globalBatchSize) * epochSeconds.count)
            / epochSeconds.reduce(0, +)
        context.result("images per second", .number(imagesPerSecond))
        context.result("final train loss", .number(losses.last ?? .nan))
        context.result("step seconds", .number(split.stepSeconds))
        context.result("all-reduce wait seconds per step", .number(split.waitSeconds))
        try drawSplit(split, in: context)
        try ScalingNarration.recordSpeed(ranks: world.size, configuration: configuration, fitCount: fit.count,
                                         steps: steps, imagesPerSecond: imagesPerSecond, in: context)
        if world.isRoot { try DataParallelSeeds.narrate(in: context) }

        var warmupThreshold: Int?, sweptUpTo: Int?
        if let sweep = options.warmupSweep {
            context.heading("The linear-scaling rule and warm-up: global batches \(sweep.batches.map(String.init).joined(separator: ", "))")
            let points = try sweep.run(world: world, fit: fit, validation: splits.validation,
                                       normalization: normalization, base: configuration, in: context)
            warmupThreshold = try sweep.narrate(points, in: context)
            sweptUpTo = points.map(\.batch).max()
        }

        if options.measureAllreduce && world.size > 1 {
            let sizes = options.fitLimit.map { _ in AllreduceBenchmark.sizes.filter { $0 <= 4 << 20 } }
                ?? AllreduceBenchmark.sizes
            let measurements = try AllreduceBenchmark.run(world, sizes: sizes)
            try ScalingNarration.narrate(measurements, ranks: world.size, split: split, model: run,
                                         fit: fit, normalization: normalization, warmupThreshold: warmupThreshold,
                                         sweptUpTo: sweptUpTo, in: context)
        }
    }

    /// What each rank does, with this run's numbers.
    private static func narrateRanks(_ run: DataParallelRun, fit: LabeledImages, in context: RunContext) {
        let world = run.world, batch = run.configuration.globalBatchSize
        context.heading("What each rank does")
        let buckets = run.dataParallel.reducer.buckets.buckets
        let store = run.optimizer.store
        for rank in 0..<world.size {
            let shard = Shard(rank: rank, worldSize: world.size).slice(of: 0..<batch)
            context.say("rank \(rank) of \(world.size): positions \(shard.lowerBound)..<\(shard.upperBound) of every global "
                        + "batch of \(batch) (\(shard.count) images), forward and backward on them, then all-reduce")
        }
        context.say("before step 1: fingerprints of the model and the data compared, rank 0's weights broadcast, "
                    + "their fingerprint \(Fingerprint.weights(of: run.model)) the same on every rank")
        for (index, bucket) in buckets.enumerated() {
            let names = bucket.entries.reversed().map { store.entries[$0].name }
            context.say("bucket \(index): \(names.first!) … \(names.last!) (\(bucket.range.count * 4) bytes), "
                        + (run.dataParallel.reducer.overlap ? "all-reduced as soon as backward has passed \(names.last!)"
                                                           : "all-reduced after backward"))
        }
        context.say("each rank's gradient is scaled by its share n_r/n of the global batch before the sum, so the "
                    + "sum is the mean gradient of the global batch, a short or empty last shard included")
    }

    private static func narrateSplit(_ split: StepSplit, in context: RunContext) {
        context.heading("Where a step's time goes (rank 0)")
        context.say("step \(milliseconds(split.stepSeconds)) = forward, backward and the all-reduces hidden behind "
                    + "it \(milliseconds(split.stepSeconds - split.waitSeconds)) + waiting for the all-reduce "
                    + "\(milliseconds(split.waitSeconds)); \(split.bucketsDuringBackward) of \(split.buckets) buckets "
                    + "per step started during backward")
    }

    private static func drawSplit(_ split: StepSplit, in context: RunContext) throws {
        try context.draw(Chart(
            name: "step-split", title: context.chartTitle("一步的时间：计算与等待 all-reduce"),
            content: .series([
                Series("compute (forward, backward, update)", x: [1], y: [1000 * (split.stepSeconds - split.waitSeconds)],
                       style: .boxes),
                Series("waiting for the all-reduce", x: [2], y: [1000 * split.waitSeconds], style: .boxes),
            ]),
            xAxis: Axis("", range: 0...3), yAxis: Axis("milliseconds per step (rank 0)")))
    }
}

/// The mean time of a step and what of it rank 0 spent waiting for all-reduces.
struct StepSplit {
    var stepSeconds: Double
    var waitSeconds: Double
    var buckets: Int
    var bucketsDuringBackward: Int

    init(_ run: DataParallelRun) {
        let steps = max(run.dataParallel.steps, 1)
        stepSeconds = run.dataParallel.stepSeconds / Double(steps)
        waitSeconds = run.dataParallel.reducer.waitSeconds / Double(steps)
        buckets = run.dataParallel.reducer.buckets.buckets.count
        bucketsDuringBackward = run.dataParallel.reducer.startedDuringBackward / steps
    }
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", 1000 * seconds) }
