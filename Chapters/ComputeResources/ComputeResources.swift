import Foundation
import Datasets
import DeepLearning
import Plotting

public struct ComputeResourcesOptions: StepOptions, Equatable {
    /// Fewer and smaller measurements, a few training steps (CI).
    public var quick = false
    /// Fashion-MNIST's .gz files, for the timed training steps.
    public var dataDirectory = FashionMNIST.defaultDirectory
    public init() {}
    public func validate() throws {
        guard !dataDirectory.isEmpty else { throw OptionError("--data-dir must name the folder of Fashion-MNIST's .gz files") }
    }

    /// sgemm size and repeats of the peak measurement (and repeats of each step GEMM's timing).
    var sgemmSize: Int { quick ? 512 : 1536 }
    var sgemmRepeats: Int { quick ? 2 : 5 }
    /// Floats per STREAM array (64 MiB each in a full run: three of them are six times a 32 MiB L3; a quick run's
    /// 4 MiB arrays fit in the L3, so its bandwidth is the cache's) and passes.
    var streamFloats: Int { quick ? 1 << 20 : 16 << 20 }
    var streamRepeats: Int { quick ? 2 : 10 }
    /// Training steps timed per model (layer by layer, then plain), after `warmupSteps` untimed ones.
    var timedSteps: Int { quick ? 2 : 60 }
    var warmupSteps: Int { quick ? 1 : 5 }
}

/// §2.1 计算资源 and §9.5: what the article's models cost, counted layer by layer, and the arithmetic of its "large
/// models" against this machine's measured ceiling and one accelerator's datasheet peak.
public enum ComputeResourcesStep: ConfigurableStep {
    public static let command = "compute-resources"
    public static let section = ArticleSection.computeResources
    public static let abstract = "§2.1/§9.5: parameters, FLOPs, activation and Adam memory per layer; this machine's FMA, sgemm and memory-bandwidth ceilings; the training step predicted from them against measured; 6·N·D for 1M–70B parameters in days."
    public static let discussion = """
        Per layer of the article's CNN at 224, 112 and 28 px (3, 3 and 1 channels, fc1 sized to the feature map) \
        and of the small ResNet at 28 px: parameters, forward FLOPs per image, training FLOPs (forward + weight \
        and input gradients), the activations kept for backward and Adam's two moments; the totals against \
        ModelSummary's. Measures this machine's float32 ceiling (OpenBLAS sgemm, one thread and every core) and \
        prices an epoch of 55,000 images at it; measures the memory bandwidth (STREAM, 1 thread and every core). \
        Then predicts a training step of the CNN and of the ResNet (batch 64, 1 thread) unit by unit, each GEMM's \
        FLOPs at its own shape's measured sgemm speed plus the other work's bytes at the measured bandwidth, \
        against the same step timed layer by layer on Fashion-MNIST batches and plain training steps scaled to \
        the epoch (within 20%?), and names the layers that cost the time (erratum 6). Then the article's large models on paper: 6·N·D training FLOPs \
        (D = 20·N tokens) and 16 bytes per parameter (Adam, mixed precision) for N = 1M…70B, as days here and on \
        one H100 at its datasheet peak; a log–log chart.
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        var options = ComputeResourcesOptions()
        options.quick = quick
        try run(options, in: context)
    }

    /// The models of the tables, built from a fixed generator (their numbers do not matter, only their shapes).
    static func models() throws -> [LayerCosts] {
        var generator = RandomGenerator(seed: 0)
        func cnn(_ channels: Int, _ size: Int) -> Sequential<Float> {
            Sequential.articleCNN(inputChannels: channels, fc1InputFeatures: 128 * (size / 4) * (size / 4), generator: &generator)
        }
        return [
            try LayerCosts("article CNN, 3×224×224", model: cnn(3, 224), inputShape: [1, 3, 224, 224]),
            try LayerCosts("article CNN, 3×112×112 (as written)", model: cnn(3, 112), inputShape: [1, 3, 112, 112]),
            try LayerCosts("article CNN, 1×28×28 (Fashion-MNIST)", model: cnn(1, 28), inputShape: [1, 1, 28, 28]),
            try LayerCosts("small ResNet, 1×28×28", model: Sequential<Float>.smallResNet(generator: &generator),
                           inputShape: [1, 1, 28, 28]),
        ]
    }

    public static func run(_ options: ComputeResourcesOptions, in context: RunContext) throws {
        try options.validate()
        let costs = try models()
        for model in costs { narrate(model, in: context) }

        context.heading("This machine's ceiling: OpenBLAS sgemm, \(options.sgemmSize)³ float32")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let one = MachinePeak.sgemmGflops(n: options.sgemmSize, repeats: options.sgemmRepeats, threads: 1)
        let all = MachinePeak.sgemmGflops(n: options.sgemmSize, repeats: options.sgemmRepeats, threads: cores)
        context.say(String(format: "1 thread: %.1f GFLOP/s; %d threads: %.1f GFLOP/s (best of %d; other jobs on the "
                           + "machine lower it: a measurement, not a datasheet)", one, cores, all, options.sgemmRepeats))
        context.result("sgemm GFLOP/s, 1 thread", .number(one))
        context.result("sgemm GFLOP/s, all cores", .number(all))
        if let peak = measuredFMAPeak() {
            context.say(String(format: "the FMA peak measured on one core (12 independent chains of 8-lane FMAs, the "
                               + "bench's `CFMAPeak`): %.1f GFLOP/s; sgemm on 1 thread reaches %.0f%% of it", peak, 100 * one / peak))
            context.result("FMA peak GFLOP/s, 1 core, measured", .number(peak))
        }
        // Zen 3: two 256-bit FMA pipes per core, 16 float32 multiply-adds = 32 FLOPs per cycle.
        if let megahertz = cpuMegahertz() {
            let theoretical = 32 * megahertz * 1e6 * Double(cores) / 1e9
            context.say(String(format: "the FMA arithmetic of Zen 3, 32 FLOP per cycle per core at the %.0f MHz /proc/cpuinfo "
                               + "reports now: %.0f GFLOP/s on %d cores; sgemm measured %.0f%% of it", megahertz, theoretical,
                               cores, 100 * all / theoretical))
            context.result("FMA peak GFLOP/s from the clock, all cores", .number(theoretical))
        }
        let fashion = costs[2]
        let epochFlops = Double(fashion.trainingFlops) * 55_000
        let atCeiling = epochFlops / (all * 1e9)
        context.say(String(format: "an epoch of the §5.2.3 recipe (55,000 images × %.1f MFLOP) is %.2f TFLOP: %.1f s at the "
                           + "measured ceiling; the committed baseline took 42 s per epoch on 2 cores (Plots/5.2.3-training), "
                           + "%.0f%% of the ceiling", Double(fashion.trainingFlops) / 1e6, epochFlops / 1e12, atCeiling,
                           100 * atCeiling / 42)
                    + (atCeiling > 42 ? ": more than 100%, so the ceiling was measured while other jobs shared the cores; re-run alone"
                                      : " (the small GEMMs of a 28-px batch, im2col, pooling and the optimizer run below it)"))
        narrateErratum6(fashion, in: context)
        let bandwidth = narrateBandwidth(options, cores: cores, in: context)
        try predictAgainstMeasured(options, bandwidth: bandwidth, in: context)
        try scaling(machineFlops: all * 1e9, in: context)
    }

    /// STREAM at 1 thread and on every core; returns the 1-thread figures, which price the 1-thread step.
    static func narrateBandwidth(_ options: ComputeResourcesOptions, cores: Int, in context: RunContext) -> MemoryBandwidth {
        context.heading(String(format: "This machine's memory bandwidth: STREAM over 3 arrays of %.0f MiB",
                               Double(options.streamFloats * 4) / 1_048_576))
        let measured = Set([1, cores]).sorted().map {
            MemoryBandwidth.measure(floatsPerArray: options.streamFloats, repeats: options.streamRepeats, threads: $0)
        }
        context.say(table(["threads"] + StreamKernel.allCases.map { "\($0.rawValue) GB/s" }, measured.map { run in
            [String(run.threads)] + StreamKernel.allCases.map { String(format: "%.1f", run.gigabytesPerSecond[$0] ?? 0) }
        }))
        context.say("bytes as STREAM counts them (copy and scale 2 arrays, add and triad 3; the read of each written "
                    + "line that a write-allocate cache adds is not counted); best of \(options.streamRepeats) passes"
                    + (options.quick ? "; quick run: the arrays fit in the L3, so this is the cache's bandwidth" : ""))
        context.parameter("STREAM floats per array", .integer(options.streamFloats))
        for run in measured {
            context.result("STREAM triad GB/s, \(run.threads) thread(s)", .number(run.triad))
        }
        return measured[0]
    }

    /// The current clock of the first core, from /proc/cpuinfo; nil where there is none.
    static func cpuMegahertz() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu MHz") }),
              let value = line.split(separator: ":").last else { return nil }
        return Double(value.trimmingCharacters(in: .whitespaces))
    }

    static func narrate(_ model: LayerCosts, in context: RunContext) {
        context.heading("\(model.label): per image")
        func mega(_ value: Int) -> String { String(format: "%.2f", Double(value) / 1e6) }
        func kib(_ value: Int) -> String { String(format: "%.1f", Double(value) / 1024) }
        var rows = model.rows.map { row in
            [row.name, row.typeName, row.outputShape.dropFirst().map(String.init).joined(separator: "×"),
             String(row.parameters), mega(row.forwardFlops), mega(row.trainingFlops), kib(row.activationBytes), kib(row.adamBytes)]
        }
        rows.append(["total", "", "", String(model.parameters), mega(model.forwardFlops), mega(model.trainingFlops),
                     kib(model.activationBytes), kib(model.adamBytes)])
        context.say(table(["layer", "type", "output", "parameters", "forward MFLOP", "training MFLOP", "activations KiB",
                           "Adam KiB"], rows))
        let summary = model.summary
        let agrees = model.parameters == summary.totalParameterCount && model.forwardFlops == summary.forwardFlops
            && model.trainingFlops == summary.trainingStepFlops
        context.say("totals " + (agrees ? "equal ModelSummary's" : "DIFFER from ModelSummary's")
                    + String(format: "; a batch of 64: %.1f GFLOP a training step, %.1f MiB of activations, and %.1f MiB "
                             + "of weights, gradients and Adam's moments (16 bytes per parameter)",
                             64 * Double(model.trainingFlops) / 1e9, 64 * Double(model.activationBytes) / 1_048_576,
                             Double(model.trainingStateBytes) / 1_048_576))
        context.result("\(model.label): parameters", .integer(model.parameters))
        context.result("\(model.label): training FLOPs per image", .integer(model.trainingFlops))
        context.result("\(model.label): activation bytes per image", .integer(model.activationBytes))
    }

    public static let errataChecks = [
        ErratumCheck(erratum: 6) {
            var generator = RandomGenerator(seed: 0)
            let model = Sequential<Float>.articleCNN(inputChannels: 1, fc1InputFeatures: 128 * 7 * 7, generator: &generator)
            guard let costs = try? LayerCosts("article CNN, 1×28×28", model: model, inputShape: [1, 1, 28, 28]) else {
                return ErratumEvidence(articleValue: "–", correctValue: "the model's shapes do not fit", confirmed: false,
                                       explanation: "")
            }
            return erratum6(costs)
        },
    ]

    /// Erratum 6 ("the model is simple, so training takes long"): the time is arithmetic, and where the arithmetic
    /// sits is not where the parameters are.
    static func erratum6(_ model: LayerCosts) -> ErratumEvidence {
        let heaviest = model.rows.max { $0.trainingFlops < $1.trainingFlops }!
        let largest = model.rows.max { $0.parameters < $1.parameters }!
        func share(_ part: Int, _ whole: Int) -> String { String(format: "%.0f%%", 100 * Double(part) / Double(whole)) }
        return ErratumEvidence(
            articleValue: "training takes long because the model is simple",
            correctValue: "\(heaviest.name) does \(share(heaviest.trainingFlops, model.trainingFlops)) of the training FLOPs "
                + "with \(share(heaviest.parameters, model.parameters)) of the parameters; \(largest.name) holds "
                + "\(share(largest.parameters, model.parameters)) of the parameters and does \(share(largest.trainingFlops, model.trainingFlops))",
            confirmed: heaviest.name != largest.name,
            explanation: String(format: "a training step is %.1f MFLOP per image whatever the model's simplicity; the time "
                                + "follows the FLOPs, not the parameter count", Double(model.trainingFlops) / 1e6))
    }

    static func narrateErratum6(_ model: LayerCosts, in context: RunContext) {
        let evidence = erratum6(model)
        context.say("erratum 6, where the arithmetic is: \(evidence.correctValue) (\(evidence.explanation))")
    }

    static func scaling(machineFlops: Double, in context: RunContext) throws {
        context.heading("The article's large models on paper: 6·N·D FLOPs, D = 20·N tokens, 16 bytes per parameter")
        let rows = ScalingOnPaper.rows
        context.say(table(["N parameters", "D tokens", "training FLOPs", "Adam memory", "days here (measured peak)",
                           "days on one \(ScalingOnPaper.acceleratorName)", "accelerators for the memory"], rows.map { row in
            [String(format: "%.0e", row.parameters), String(format: "%.0e", row.tokens), String(format: "%.1e", row.flops),
             String(format: "%.3g GB", row.memoryBytes / 1e9), String(format: "%.3g", row.days(at: machineFlops)),
             String(format: "%.3g", row.days(at: ScalingOnPaper.acceleratorFlopsPerSecond)),
             String(Int((row.memoryBytes / ScalingOnPaper.acceleratorMemoryBytes).rounded(.up)))]
        }))
        context.say(String(format: "at peak, every cycle useful: lower bounds (large runs reach 30–50%% of peak). The "
                           + "accelerator's %.0f TFLOP/s (BF16 dense) against this machine's measured %.0f GFLOP/s (float32): "
                           + "%.0f×; activations come on top of the 16 bytes per parameter.",
                           ScalingOnPaper.acceleratorFlopsPerSecond / 1e12, machineFlops / 1e9,
                           ScalingOnPaper.acceleratorFlopsPerSecond / machineFlops))
        try context.draw(Chart(
            name: "scaling-days", title: context.chartTitle("训练时间（6·N·D，D = 20·N）：本机实测峰值与一块加速器的标称峰值"),
            content: .series([
                Series("this machine, measured sgemm peak", x: rows.map(\.parameters), y: rows.map { $0.days(at: machineFlops) },
                       style: .linesPoints),
                Series("one \(ScalingOnPaper.acceleratorName)", x: rows.map(\.parameters),
                       y: rows.map { $0.days(at: ScalingOnPaper.acceleratorFlopsPerSecond) }, style: .linesPoints),
            ]),
            xAxis: Axis("parameters N (log scale)", logarithmic: true),
            yAxis: Axis("days of training at peak (log scale)", logarithmic: true),
            horizontalMarkers: [Marker(at: 1, "1 day"), Marker(at: 365, "1 year")], legendPosition: "top left"))
    }
}
