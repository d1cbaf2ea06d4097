import Foundation
import Datasets
import DeepLearning
import Distributed
import Plotting
import Training

/// The options of `workbook model-parallel`.
public struct ModelParallelOptions: StepOptions, Equatable {
    /// The recipe (its `microBatches` is replaced by each count of `microBatchCounts` in turn).
    public var training = ModelParallelConfiguration()
    /// The pipeline is trained once per count, each time from the same initial weights.
    public var microBatchCounts = [1, 2, 4, 8]
    /// Optimizer steps per run (the first one, which allocates the layers' buffers, is not timed).
    public var steps = 20
    public var dataDirectory = FashionMNIST.defaultDirectory

    public init() {}

    /// `workbook all --quick` and CI: 8 steps per run.
    public static var quick: ModelParallelOptions {
        var options = ModelParallelOptions()
        options.steps = 8
        return options
    }

    public func validate() throws {
        guard (2...1000).contains(steps) else { throw OptionError("--steps must be between 2 and 1000, got \(steps)") }
        guard (1...4096).contains(training.batchSize) else {
            throw OptionError("--batch-size must be between 1 and 4096, got \(training.batchSize)")
        }
        guard training.learningRate.isFinite, training.learningRate > 0, training.learningRate < 10 else {
            throw OptionError("--learning-rate must be a positive finite number below 10, got \(training.learningRate)")
        }
        guard !microBatchCounts.isEmpty, microBatchCounts.allSatisfy({ (1...64).contains($0) }) else {
            throw OptionError("--micro-batches must be numbers between 1 and 64, got \(microBatchCounts)")
        }
        guard !training.model.hasBatchNorm else {
            throw OptionError("--model must be one without BatchNorm (cnn, small): a micro-batch's statistics are not the batch's")
        }
    }
}

/// §5.3.3 改进措施, model parallelism (§9.3 names it beside data parallelism): the article's CNN cut into two
/// stages on two MPI ranks, the convolutions on rank 0 and the fully connected layers on rank 1, trained with GPipe's
/// micro-batches (`PipelineStage`). Measured for M = 1, 2, 4, 8: the losses against one process, each stage's idle
/// share against the bubble formula (N − 1)/(M + N − 1), and the same batch trained data-parallel on the same two
/// ranks, to show why data parallelism wins for a model this small.
public enum ModelParallelStep: ConfigurableStep {
    public static let command = "model-parallel"
    public static let section = ArticleSection.improvements
    public static let abstract = "§5.3.3: model-parallel training, the CNN as a 2-stage GPipe pipeline on 2 MPI ranks; the bubble, measured."
    public static let discussion = """
        Runs on exactly 2 ranks: `mpiexec -n 2 workbook model-parallel`, or `workbook model-parallel`, which starts \
        mpiexec itself. Rank 0 holds conv1…pool2, rank 1 flatten…fc2 and the loss; each step's batch is cut into M \
        micro-batches whose activations go forward and whose gradients come back as MPI messages. For each M of \
        --micro-batches (1, 2, 4, 8) it trains --steps steps from the same weights and prints the losses against \
        one process, the measured idle share of each stage against (N − 1)/(M + N − 1), the cost of re-computing \
        stage 0's forward, the messages' sizes, and the same batch trained data-parallel on the two ranks. Charts \
        in Plots/5.3.3-model-parallel/: one step of each M as a Gantt chart, and the idle share against M.
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        let options = quick ? ModelParallelOptions.quick : ModelParallelOptions()
        guard !MPILauncher.isUnderMPIExec else { return try run(options, in: context) }
        // `workbook chapter 5` and `workbook all` run in one process: start the step's two ranks, whose rank 0
        // prints, draws and writes the record in this step's folder.
        context.say("starting 2 ranks: mpiexec -n 2 workbook model-parallel\(quick ? " --quick" : "")")
        context.leaveRecordToChildJob()
        let status = try MPILauncher.run(ranks: 2, arguments: ["model-parallel"] + (quick ? ["--quick"] : [])
                                         + ["--plots", context.directory.deletingLastPathComponent().path])
        guard status == 0 else { throw DistributedError("model-parallel: the 2 ranks ended with status \(status)") }
    }

    public static func run(_ options: ModelParallelOptions, in context: RunContext) throws {
        try options.validate()
        let world = try Communicator.world()
        guard world.size == 2 else {
            throw DistributedError("model-parallel runs on exactly 2 ranks (2 stages), got \(world.size): "
                                   + "`mpiexec -n 2 .build/release/workbook model-parallel`", isCollective: true)
        }
        try BLASThreads.with(1) { try measure(options, world: world, in: context) }
    }

    private static func measure(_ options: ModelParallelOptions, world: Communicator, in context: RunContext) throws {
        let configuration = options.training
        context.seed(configuration.seed)
        context.blasThreads(blasThreadCount)
        context.parameter("ranks", .integer(world.size))
        context.parameter("model", .text(configuration.model.rawValue))
        context.parameter("batch size", .integer(configuration.batchSize))
        context.parameter("learning rate", .number(configuration.learningRate))
        context.parameter("steps per run", .integer(options.steps))
        context.parameter("micro-batch counts", .text(options.microBatchCounts.map(String.init).joined(separator: ",")))

        let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory)
        let normalization = try InputNormalization(ChannelStatistics(of: splits.fit))

        let single = try OneProcessReference(world: world, fit: splits.fit, normalization: normalization,
                                             configuration: configuration, steps: options.steps)
        var pipelines: [PipelineMeasurement] = []
        for microBatches in options.microBatchCounts {
            var configuration = configuration
            configuration.microBatches = microBatches
            let run = try ModelParallelRun(world: world, fit: splits.fit, normalization: normalization,
                                           configuration: configuration)
            if pipelines.isEmpty { narrateStages(run, in: context) }
            let losses = try run.trainEpoch(0, maximumSteps: options.steps)
            let other = try run.otherStageTimeline()
            if let other { pipelines.append(PipelineMeasurement(microBatches: microBatches, losses: losses,
                                                                stages: [run.stage.timeline, other])) }
            if pipelines.count == 1 && world.isRoot { narrateMessages(run, in: context) }
        }
        let dataParallel = try DataParallelComparison(world: world, fit: splits.fit, normalization: normalization,
                                                      configuration: configuration, steps: options.steps)
        guard world.isRoot, let single else { return }
        try narrate(pipelines, single: single, dataParallel: dataParallel, batchSize: configuration.batchSize,
                    in: context)
    }

    // MARK: Narration

    private static func narrateStages(_ run: ModelParallelRun, in context: RunContext) {
        context.heading("What each rank does")
        let shapes = (try? run.model.outputShapes(for: [1] + ModelParallelRun.imageShape)) ?? []
        let names = run.model.layers.map(\.name)
        let flops = run.forwardFlopsPerSample
        let parameters = run.model.layers.map { $0.namedParameters().reduce(0) { $0 + $1.parameter.count } }
        func describe(_ range: Range<Int>) -> String {
            "\(names[range.lowerBound])…\(names[range.upperBound - 1]), \(parameters[range].reduce(0, +)) parameters"
        }
        let cut = run.cut, activation = shapes[cut - 1].dropFirst().map(String.init).joined(separator: "×")
        context.say("rank 0 (stage 0): \(describe(0..<cut)); images [b,1,28,28] in, activations [b,\(activation)] "
                    + "out; \(megaflops(flops.first)) forward per image")
        context.say("rank 1 (stage 1): \(describe(cut..<names.count)) and the loss; activations in, logits [b,10], "
                    + "∂L/∂activations out; \(megaflops(flops.last)) forward per image")
        context.say("both ranks draw the whole model from seed \(run.configuration.seed) (one process's weights), "
                    + "compare fingerprints of the model, the weights and the data, and keep only their stage")
        context.say("each step: the batch of \(run.configuration.batchSize) is cut into M micro-batches (sizes ⌊B/M⌋ "
                    + "or ⌈B/M⌉, each loss weighted by b_j/B); rank 0 runs forward on micro-batch 1…M, sending each "
                    + "one's activations; rank 1 runs forward, loss and backward on each as it arrives, sending back "
                    + "its gradient; rank 0 then runs backward on micro-batch M…1, re-computing each one's forward first "
                    + "(its layers keep one micro-batch's state: GPipe's re-materialisation); both take their "
                    + "optimizer step, rank 1 sends the step's loss to rank 0")
        context.result("forward MFLOP per image, stage 0", .number(Double(flops.first) / 1e6))
        context.result("forward MFLOP per image, stage 1", .number(Double(flops.last) / 1e6))
    }

    private static func narrateMessages(_ run: ModelParallelRun, in context: RunContext) {
        let floats = run.stage.activationShape.reduce(1, *) * run.configuration.batchSize
        let parameters = run.model.namedParameters().reduce(0) { $0 + $1.parameter.count }
        context.say("messages per step: \(megabytes(4 * floats)) of activations forward and as "
                    + "much of their gradients back ([\(run.configuration.batchSize),"
                    + "\(run.stage.activationShape.map(String.init).joined(separator: ","))] floats each way); data "
                    + "parallelism instead all-reduces the \(parameters) gradients, "
                    + "\(megabytes(4 * parameters)), once per step")
        context.result("pipeline bytes per step each way", .integer(4 * floats))
        context.result("data-parallel all-reduce bytes per step", .integer(4 * parameters))
    }

    private static func narrate(_ pipelines: [PipelineMeasurement], single: OneProcessReference,
                                dataParallel: DataParallelComparison, batchSize: Int, in context: RunContext) throws {
        context.heading("Losses: the pipeline against one process (same weights, same batches)")
        var rows: [[String]] = []
        for pipeline in pipelines {
            let difference = maximumRelativeDifference(pipeline.losses, single.losses)
            rows.append(["M = \(pipeline.microBatches)", String(format: "%.6f", pipeline.losses.first ?? .nan),
                         String(format: "%.6f", pipeline.losses.last ?? .nan), String(format: "%.1e", difference)])
            context.result("max relative loss difference M=\(pipeline.microBatches)", .number(difference))
        }
        rows.append(["one process", String(format: "%.6f", single.losses.first ?? .nan),
                     String(format: "%.6f", single.losses.last ?? .nan), "—"])
        rows.append(["data-parallel", String(format: "%.6f", dataParallel.losses.first ?? .nan),
                     String(format: "%.6f", dataParallel.losses.last ?? .nan),
                     String(format: "%.1e", maximumRelativeDifference(dataParallel.losses, single.losses))])
        context.say(table(["run", "loss of step 1", "loss of step \(single.losses.count)", "max |Δ|/loss"], rows))
        context.say("the same function summed in another order: micro-batch means weighted by b_j/B, gradients added "
                    + "over micro-batches (a few float32 ulps per step, which later steps carry along)")

        context.heading("The bubble: each stage's idle share against (N − 1)/(M + N − 1)")
        rows = pipelines.map { pipeline in
            let stages = pipeline.stages
            return ["\(pipeline.microBatches)", milliseconds(pipeline.stepSeconds),
                    percent(stages[0].idleShare), percent(stages[1].idleShare), percent(pipeline.idleShare),
                    percent(bubble(microBatches: pipeline.microBatches)),
                    percent(pipeline.recomputeSeconds / pipeline.stepSeconds),
                    String(format: "%.0f", Double(batchSize) / pipeline.stepSeconds)]
        }
        context.say(table(["M", "step", "idle rank 0", "idle rank 1", "idle (both)", "formula", "recompute",
                           "img/s"], rows))
        for pipeline in pipelines {
            let m = pipeline.microBatches
            context.result("step seconds M=\(m)", .number(pipeline.stepSeconds))
            context.result("idle share rank 0 M=\(m)", .number(pipeline.stages[0].idleShare))
            context.result("idle share rank 1 M=\(m)", .number(pipeline.stages[1].idleShare))
            context.result("idle share M=\(m)", .number(pipeline.idleShare))
            context.result("recompute share M=\(m)", .number(pipeline.recomputeSeconds / pipeline.stepSeconds))
        }
        if let first = pipelines.first(where: { $0.microBatches == 1 }) ?? pipelines.first {
            let busy = first.stages.map { $0.busySeconds / Double(max($0.measuredSteps, 1)) }
            let share = busy[0] / (busy[0] + busy[1])
            context.say("compute per step at M = \(first.microBatches): rank 0 \(milliseconds(busy[0])), rank 1 "
                        + "\(milliseconds(busy[1])): stage 0 does \(percent(share)) of the work. The formula assumes "
                        + "equal stages; with these, rank 1 waits for rank 0 whatever M is, and the pipeline can be at "
                        + "most 1/\(String(format: "%.2f", share)) = \(String(format: "%.2f", 1 / share))× as fast as "
                        + "one process even with no bubble, no re-computation and free messages")
            context.result("stage 0 share of compute", .number(share))
        }

        context.heading("Why data parallelism wins for this model")
        let best = pipelines.min { $0.stepSeconds < $1.stepSeconds }!
        context.say("one process: \(milliseconds(single.stepSeconds)) per step (\(String(format: "%.0f", Double(batchSize) / single.stepSeconds)) img/s); "
                    + "the fastest pipeline (M = \(best.microBatches)): \(milliseconds(best.stepSeconds)) "
                    + "(\(String(format: "%.2f", single.stepSeconds / best.stepSeconds))×); data-parallel on the same "
                    + "2 ranks: \(milliseconds(dataParallel.stepSeconds)) "
                    + "(\(String(format: "%.2f", single.stepSeconds / dataParallel.stepSeconds))×), of which "
                    + "\(milliseconds(dataParallel.waitSeconds)) waiting for the other rank and the all-reduce")
        context.say("data parallelism splits every layer's work evenly between the ranks and sends the gradients "
                    + "once; the pipeline splits the model where its work is not even (the convolutions are nearly "
                    + "all of it), re-computes stage 0's forward M − 1 times per step, and leaves a bubble. Model "
                    + "parallelism pays off when a model does not fit in one rank's memory, not for 0.9 M parameters")
        context.result("one process step seconds", .number(single.stepSeconds))
        context.result("data-parallel step seconds", .number(dataParallel.stepSeconds))
        context.result("data-parallel all-reduce wait seconds", .number(dataParallel.waitSeconds))

        try drawGantt(pipelines, in: context)
        try drawIdleShares(pipelines, in: context)
    }

    // MARK: Charts

    private static func drawGantt(_ pipelines: [PipelineMeasurement], in context: RunContext) throws {
        var labels: [String] = [], bars: [Gantt.Bar] = []
        for pipeline in pipelines {
            let origin = pipeline.stages[0].latestStepStart
            for (rank, timeline) in pipeline.stages.enumerated() {
                let row = labels.count
                labels.append("M=\(pipeline.microBatches) rank \(rank) (\(rank == 0 ? "conv" : "fc"))")
                let offset = timeline.latestStepStart - origin
                for interval in timeline.latestStep {
                    bars.append(Gantt.Bar(row: row, start: 1000 * (interval.start + offset),
                                          end: 1000 * (interval.end + offset), kind: interval.kind.rawValue))
                }
            }
        }
        try context.draw(Chart(
            name: "pipeline-gantt", title: context.chartTitle("模型并行：一步的流水线（GPipe，2 个 stage）"),
            content: .gantt(Gantt(rowLabels: labels, kinds: PipelineTimeline.Kind.allCases.map(\.name), bars: bars)),
            xAxis: Axis("milliseconds from the start of rank 0's step (gaps: waiting)"), yAxis: Axis(""),
            legendPosition: "outside right top", width: 1120, height: 120 + 60 * labels.count))
    }

    private static func drawIdleShares(_ pipelines: [PipelineMeasurement], in context: RunContext) throws {
        let m = pipelines.map { Double($0.microBatches) }
        let curve = stride(from: 1.0, through: Double(pipelines.map(\.microBatches).max()!), by: 0.25).map { $0 }
        try context.draw(Chart(
            name: "idle-share", title: context.chartTitle("模型并行：空闲占比与微批数 M"),
            content: .series([
                Series("bubble formula (N − 1)/(M + N − 1), N = 2", x: curve,
                       y: curve.map { 100 / ($0 + 1) }, style: .dashedLines),
                Series("measured, both ranks", x: m, y: pipelines.map { 100 * $0.idleShare }, style: .linesPoints),
                Series("measured, rank 0 (conv)", x: m, y: pipelines.map { 100 * $0.stages[0].idleShare },
                       style: .linesPoints),
                Series("measured, rank 1 (fc)", x: m, y: pipelines.map { 100 * $0.stages[1].idleShare },
                       style: .linesPoints),
            ]),
            xAxis: Axis("micro-batches per step (M)", range: 0.5...(curve.last! + 0.5), tickStep: 1), yAxis: Axis("idle share of a step (%)", range: 0...100),
            legendPosition: "at graph 0.98, graph 0.88 right top"))
    }
}

/// (N − 1)/(M + N − 1) for N = 2 stages: GPipe's idle share for equal stages and free messages.
func bubble(microBatches: Int) -> Double { 1 / Double(microBatches + 1) }

/// The largest |a/b − 1| over the common steps.
func maximumRelativeDifference(_ a: [Float], _ b: [Float]) -> Double {
    zip(a, b).map { abs(Double($0) / Double($1) - 1) }.max() ?? .nan
}

private func megaflops(_ flops: Int) -> String { String(format: "%.1f MFLOP", Double(flops) / 1e6) }

private func megabytes(_ bytes: Int) -> String { String(format: "%.2f MB (%d bytes)", Double(bytes) / 1e6, bytes) }

/// One pipeline run: its losses and both stages' timelines (rank 0's first).
struct PipelineMeasurement {
    var microBatches: Int
    var losses: [Float]
    var stages: [PipelineTimeline]

    /// Rank 0's mean step (the two stages' steps begin and end within microseconds of each other).
    var stepSeconds: Double { stages[0].stepSeconds / Double(max(stages[0].measuredSteps, 1)) }
    /// Both ranks' waiting over both ranks' time.
    var idleShare: Double {
        1 - (stages[0].busySeconds + stages[1].busySeconds) / (stages[0].stepSeconds + stages[1].stepSeconds)
    }
    /// Rank 0's re-computed forward passes per step.
    var recomputeSeconds: Double {
        stages[0].secondsByKind[PipelineTimeline.Kind.recompute.rawValue] / Double(max(stages[0].measuredSteps, 1))
    }
}

/// The same steps in one process on rank 0 (rank 1 waits at a barrier): the losses the pipeline must equal, and the
/// step time it must beat. Nil on rank 1.
struct OneProcessReference {
    var losses: [Float]
    var stepSeconds: Double

    init?(world: Communicator, fit: LabeledImages, normalization: InputNormalization,
          configuration: ModelParallelConfiguration, steps: Int) throws {
        defer { try? world.barrier() }
        guard world.isRoot else { return nil }
        var generator = RandomGenerator(seed: configuration.seed, stream: DataParallelRun.weightStream)
        let model = configuration.model.build(statistics: .perRank, group: RankGroup(world: world), generator: &generator)
        let optimizer = try DeepLearning.Adam(ParameterStore(model), learningRate: configuration.learningRate)
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss(), optimizer: optimizer)
        let loader = DataLoader(fit, batchSize: configuration.batchSize, shuffle: true, normalization: normalization,
                                seed: configuration.seed, producers: configuration.producers)
        let (losses, stepSeconds) = try timedSteps(trainer, loader, steps: steps)
        self.losses = losses
        self.stepSeconds = stepSeconds
    }
}

/// The same batches trained data-parallel on the two ranks (each half of every batch, one all-reduce of the
/// gradients per step), for the comparison.
struct DataParallelComparison {
    var losses: [Float]
    var stepSeconds: Double
    var waitSeconds: Double

    init(world: Communicator, fit: LabeledImages, normalization: InputNormalization,
         configuration: ModelParallelConfiguration, steps: Int) throws {
        var recipe = DataParallelConfiguration()
        recipe.model = configuration.model
        recipe.globalBatchSize = configuration.batchSize
        recipe.learningRate = configuration.learningRate
        recipe.seed = configuration.seed
        recipe.producers = configuration.producers
        let run = try DataParallelRun(world: world, fit: fit, normalization: normalization, configuration: recipe)
        let (losses, stepSeconds) = try timedSteps(run.trainer, run.loader, steps: steps)
        self.losses = losses
        self.stepSeconds = stepSeconds
        waitSeconds = StepSplit(run).waitSeconds
    }
}

/// The first `steps` steps of epoch 0, each timed whole (forward to optimizer step); returns their losses and the
/// mean step time without the first step (which allocates the layers' buffers), as the pipeline's timeline counts.
private func timedSteps(_ trainer: Trainer<CrossEntropyLoss<Float>>, _ loader: DataLoader<LabeledImages>, steps: Int)
    throws -> ([Float], Double) {
    var seconds: [Double] = []
    let losses = try trainer.trainEpoch(loader, epoch: 0, maximumSteps: steps) { batch in
        let start = Communicator.wallTime
        try trainer.step(batch.inputs, batch.targets, globalCount: batch.globalCount)
        seconds.append(Communicator.wallTime - start)
    }
    return (losses, seconds.dropFirst().reduce(0, +) / Double(max(seconds.count - 1, 1)))
}
