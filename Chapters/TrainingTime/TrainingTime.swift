import Foundation
import Datasets
import DeepLearning
import Plotting
import Training

/// `workbook training-time`: §9.3's advice on training time, measured on the article's CNN — mixed precision
/// (FP16 with and without loss scaling, BF16) against FP32, early stopping on recorded validation curves, and the
/// data-parallel speed-ups §5.3.3 measured.
public enum TrainingTimeStep: ConfigurableStep {
    public static let command = "training-time"
    public static let section = ArticleSection.trainingTime
    public static let abstract = "§9.3 training time: mixed precision (FP16, BF16, loss scaling) on the CNN, early stopping on recorded runs, data parallelism's speed-ups."
    public static let discussion = """
        Mixed precision as Micikevicius et al. (2018) define it: FP32 master weights, a 16-bit copy of the \
        weights, 16-bit activations and gradients (values rounded to real Float16 or bfloat16 at every layer \
        boundary), products accumulated in FP32, the softmax and loss in FP32; loss scaling static (2^10) or \
        dynamic with torch.amp.GradScaler's rule. Prints this CPU's 16-bit instructions, the formats' ranges, \
        the bytes a step keeps in each mode, a census of the CNN's gradients against FP16's range (what flushes \
        to zero unscaled and scaled, and in BF16), and each mode's test accuracy (mean ± sd over the declared \
        seeds) and epoch time from the records in Plots/9.3-training-time/runs/. `--train --mode M --seed N` \
        records one full run. Early stopping (patience, min-delta, best weights restored) replayed on the \
        recorded per-epoch validation curves: the epoch it stops at, epochs and time saved, test accuracy \
        given up. Charts: the gradient census, accuracy by mode, an early-stopping curve.
        """

    /// Erratum 9, from §5.3.3's committed records (read where `workbook` runs: the repository's Plots/).
    public static let errataChecks = [
        ErratumCheck(erratum: 9) { AugmentationCost.evidence(recordsRoot: URL(fileURLWithPath: PlotsFolder.full)) },
    ]

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        try run(quick ? .quickRun : TrainingTimeOptions(), in: context)
    }

    public static func run(_ options: TrainingTimeOptions, in context: RunContext) throws {
        try options.validate()
        try KernelWorkers.splittingBatches(options.threads) {
            if options.train, let mode = options.mode { try trainOne(mode, options, in: context) } else { try report(options, in: context) }
        }
    }

    // MARK: One recorded run

    private static func trainOne(_ mode: PrecisionMode, _ options: TrainingTimeOptions, in context: RunContext) throws {
        context.recordIn(PrecisionRun.folder(mode, seed: Int(options.seed)))
        context.seed(options.seed)
        context.blasThreads(blasThreadCount)
        context.parameter("learning rate", .number(0.001))
        context.parameter("epochs", .integer(options.epochs))
        context.parameter("batch size", .integer(64))
        context.parameter("fit images limit", .integer(0))
        context.parameter("kernel workers", .integer(KernelWorkers.count))
        context.parameter("loss scaling", .text(mode.lossScaling?.description ?? "none"))
        let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory)
        for line in splits.description { context.say(line) }
        context.heading("\(mode.label), seed \(options.seed): \(options.epochs) epochs")
        let run = try PrecisionRun.train(mode, seed: options.seed, fit: splits.fit, validation: splits.validation,
                                         test: splits.test, epochs: options.epochs, censusEvery: 50,
                                         showsProgress: true, say: context.say)
        try run.record(in: context)
        context.say("test accuracy \(percent(run.testAccuracy)), \(run.skippedSteps) steps skipped, "
                    + String(format: "%.1f s per epoch", run.meanEpochSeconds))
    }

    // MARK: The report

    private static func report(_ options: TrainingTimeOptions, in context: RunContext) throws {
        narrateHardware(in: context)
        narrateFormats(in: context)
        try narrateMemory(in: context)

        let recorded = options.quick ? [] : PrecisionRun.readAll(
            in: context.recordsRoot.appendingPathComponent(folderName), epochs: options.epochs)
        let runs = recorded.isEmpty ? try quickRuns(options, in: context) : recorded
        context.parameter("runs", .text(recorded.isEmpty ? "live quick runs (\(TrainingTimeOptions.quickFitImages) fit images, 1 epoch)"
                                                        : "\(recorded.count) recorded full runs of \(options.epochs) epochs"))
        if let census = runs.first(where: { $0.mode == .fp32 && $0.census != nil })?.census {
            try narrateCensus(census, in: context)
        }
        try narrateModes(runs, full: !recorded.isEmpty, in: context)
        try EarlyStoppingReplay.narrate(precisionRuns: recorded, recordsRoot: context.recordsRoot, in: context)
        try AugmentationCost.narrate(recordsRoot: context.recordsRoot, in: context)
        try DataParallelQuote.narrate(recordsRoot: context.recordsRoot, in: context)
    }

    /// Every mode for one short epoch from seed 0 (CI, or a checkout without the full runs' records).
    private static func quickRuns(_ options: TrainingTimeOptions, in context: RunContext) throws -> [PrecisionRun] {
        context.heading("Quick runs: every mode, 1 epoch of \(TrainingTimeOptions.quickFitImages) images (not a result)")
        if !options.quick {
            context.say("No recorded full runs in \(folderName)/runs/: these short runs stand in. The full runs: "
                        + "`workbook training-time --train --mode M --seed N` for M in "
                        + PrecisionMode.fullRuns.map(\.rawValue).joined(separator: ", ") + " and N in "
                        + TrainingTimeOptions.declaredSeeds.map(String.init).joined(separator: ", ") + ".")
        }
        let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory, fitLimit: TrainingTimeOptions.quickFitImages)
        let validation = splits.validation.subset(0..<TrainingTimeOptions.quickValidationImages)
        let test = splits.test.subset(0..<TrainingTimeOptions.quickTestImages)
        return try PrecisionMode.allCases.map { mode in
            try PrecisionRun.train(mode, seed: 0, fit: splits.fit, validation: validation, test: test, epochs: 1,
                                   censusEvery: 1, showsProgress: false, say: context.say)
        }
    }

    private static func narrateHardware(in context: RunContext) {
        context.heading("This CPU's 16-bit arithmetic")
        let flags = Set((RunEnvironment.cpuInfoField("flags") ?? "").split(separator: " ").map(String.init))
        let wanted = ["f16c", "avx512f", "avx512_fp16", "avx512_bf16", "amx_tile", "amx_bf16", "amx_fp16"]
        let line = wanted.map { "\($0) \(flags.contains($0) ? "yes" : "no")" }.joined(separator: ", ")
        context.say("\(RunEnvironment.cpuInfoField("model name") ?? "unknown CPU"), /proc/cpuinfo flags: \(line)")
        context.parameter("16-bit CPU flags", .text(line))
        let native = ["avx512_fp16", "avx512_bf16", "amx_bf16", "amx_fp16"].filter(flags.contains)
        if native.isEmpty {
            context.say("No 16-bit arithmetic: F16C only converts between Float16 and Float. So here a 16-bit "
                        + "GEMM is a Float GEMM on 16-bit values (which is also what FP32 accumulation means), and "
                        + "mixed precision cannot be faster: it only adds the conversions. What it changes is the "
                        + "numbers (measured below) and, on hardware with 16-bit units, the bytes moved (counted "
                        + "below); a GPU's tensor cores or AMX would run the same GEMMs at 2–16× FP32's rate.")
        } else {
            context.say("Native 16-bit instructions: \(native.joined(separator: ", ")); this engine still converts "
                        + "to Float for every GEMM (OpenBLAS's sgemm), so its times do not show them.")
        }
    }

    private static func narrateFormats(in context: RunContext) {
        context.heading("The formats")
        let rows = NumberFormat.allCases.map { f -> [String] in
            let bits = f == .float32 ? 24 : (f == .float16 ? 11 : 8)
            return [f.label, "\(f.bytesPerValue)", "\(bits)", String(format: "%.6g", f.largestFinite),
                    "2^\(Int(log2(f.smallestNormal)))", "2^\(Int(log2(f.smallestSubnormal)))"]
        }
        context.say(table(["format", "bytes", "significant bits", "largest", "smallest normal", "smallest subnormal"], rows))
        context.say("A value below half the smallest subnormal rounds to zero: in FP16 every |g| ≤ 2^-25. BF16 has "
                    + "FP32's exponent, so nothing a FP32 gradient holds flushes, but it keeps 8 significant bits.")
    }

    private static func narrateMemory(in context: RunContext) throws {
        context.heading("Bytes a training step keeps (batch 64, counted from the shapes)")
        var generator = RandomGenerator(seed: 0)
        let model = CNNTrainer.articleCNN([1, 28, 28], 10, &generator)
        let parameters = ParameterStore(model).values.count
        let activations = try StepMemory.activationValues(of: model, inputShape: [64, 1, 28, 28])
        func mib(_ bytes: Int) -> String { String(format: "%.2f MiB", Double(bytes) / 1_048_576) }
        let rows = [NumberFormat.float32, .float16].map { format -> [String] in
            let m = StepMemory(parameters: parameters, activationValues: activations, format: format)
            return [format == .float32 ? "FP32" : "FP16 or BF16 (mixed)", mib(m.weights), mib(m.gradients),
                    mib(m.optimizerState), mib(m.activations), mib(m.total)]
        }
        context.say(table(["mode", "weights", "gradients", "Adam m, v", "activations", "total"], rows))
        let fp32 = StepMemory(parameters: parameters, activationValues: activations, format: .float32)
        let mixed = StepMemory(parameters: parameters, activationValues: activations, format: .float16)
        context.say("\(parameters) parameters, \(activations) activation values per batch. Mixed precision keeps "
                    + String(format: "%.0f%%", 100 * Double(mixed.total) / Double(fp32.total)) + " of FP32's bytes: "
                    + "the activations halve; weights and gradients stay 8 bytes a parameter (a 4-byte master and "
                    + "its 2-byte copy, a 2-byte gradient, against 4 + 4); Adam's moments stay FP32. The larger the "
                    + "batch, the more the activations weigh and the closer the saving comes to half.")
        context.result("bytes per step fp32", .integer(fp32.total))
        context.result("bytes per step mixed", .integer(mixed.total))
    }
}
