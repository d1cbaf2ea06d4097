import ArgumentParser
import Chapters
import Distributed
import Foundation

/// `workbook data-parallel`: §5.3.3's data parallelism on MPI ranks. Under mpiexec every rank runs this command;
/// rank 0 alone speaks. `--ranks N` starts mpiexec itself.
struct DataParallelCommand: StepCommand {
    static let step: any ChapterStep.Type = DataParallelStep.self
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: ArgumentHelp("The model: cnn (the article's), resnet (§5.3.3's small ResNet), small, small-bn.", valueName: "name"),
            transform: { name in
                guard let model = DistributedModel(rawValue: name) else {
                    throw ValidationError("--model must be one of \(DistributedModel.allCases.map(\.rawValue).joined(separator: ", ")), got \(name)")
                }
                return model
            })
    var model = DistributedModel.cnn
    @Option(parsing: .unconditional, help: ArgumentHelp("BatchNorm statistics of resnet and small-bn: per-rank (DDP's default) or sync (SyncBatchNorm).",
                                                        valueName: "kind"),
            transform: { name in
                guard let kind = DistributedModel.Statistics(rawValue: name) else {
                    throw ValidationError("--batch-norm must be per-rank or sync, got \(name)")
                }
                return kind
            })
    var batchNorm = DistributedModel.Statistics.perRank
    @Option(parsing: .unconditional, help: "Passes over the fit set.")
    var epochs = DataParallelOptions().epochs
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Images per step over all ranks (each takes its shard).")
    var batchSize = DataParallelConfiguration().globalBatchSize
    @Option(name: [.customLong("learning-rate"), .customShort("a")], parsing: .unconditional, help: "Adam's α.")
    var learningRate = DataParallelConfiguration().learningRate
    @Option(parsing: .unconditional, help: "Seed of the initial weights and of the shuffle (the same on every rank).")
    var seed = DataParallelConfiguration().seed
    @Option(name: .customLong("fit-images"), parsing: .unconditional, help: "Train on only the first N fit images.")
    var fitImages: Int?
    @Option(parsing: .unconditional, help: "Stop each epoch after N steps.")
    var steps: Int?
    @Flag(inversion: .prefixedNo, help: "Start each bucket's all-reduce during backward (DDP); --no-overlap waits for the whole backward pass.")
    var overlap = true
    @Option(name: .customLong("first-bucket-mb"), parsing: .unconditional, help: "Size of the first gradient bucket (DDP: 1).")
    var firstBucketMB = 1.0
    @Option(name: .customLong("bucket-mb"), parsing: .unconditional, help: "Size of every later bucket (DDP's bucket_cap_mb: 25).")
    var bucketMB = 25.0
    @Flag(name: .customLong("no-allreduce-benchmark"), help: "Skip the all-reduce measurement after training.")
    var skipBenchmark = false
    @Flag(name: .customLong("no-warmup-sweep"), help: "Skip the warm-up threshold sweep after training (global batches 64 to 4096 at lr·B/64, with and without warm-up).")
    var skipWarmupSweep = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Where rank 0 writes the checkpoint after each epoch (default: checkpoint.safetensors in the step's folder).", valueName: "file"))
    var checkpoint: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Go on from a checkpoint of the same recipe and seed, at the epoch after its last.", valueName: "file"))
    var resume: String?
    @Option(parsing: .unconditional, help: "Start this many ranks through mpiexec (instead of `mpiexec -n N workbook data-parallel`).")
    var ranks: Int?
    @OptionGroup var data: DataSetOption
    @Flag(help: "A short run: 2,000 fit images, one epoch; --fit-images, when given, wins.")
    var quick = false
    @OptionGroup var output: OutputOptions

    var options: DataParallelOptions {
        var options = quick ? DataParallelOptions.quick : DataParallelOptions()
        options.training.model = model
        options.training.statistics = batchNorm
        options.training.globalBatchSize = batchSize
        options.training.learningRate = learningRate
        options.training.seed = seed
        options.training.overlap = overlap
        options.training.firstBucketBytes = Int(firstBucketMB * 1_048_576)
        options.training.bucketBytes = Int(bucketMB * 1_048_576)
        options.epochs = epochs
        options.fitLimit = fitImages ?? options.fitLimit
        options.maximumSteps = steps
        options.measureAllreduce = !skipBenchmark
        if skipWarmupSweep { options.warmupSweep = nil }
        options.dataDirectory = data.dataDirectory
        options.checkpoint = checkpoint.map { URL(fileURLWithPath: $0) }
        options.resume = resume.map { URL(fileURLWithPath: $0) }
        return options
    }

    func validate() throws {
        do { try options.validate() } catch let error as OptionError { throw ValidationError(error.description) }
        if let ranks, !(1...1024).contains(ranks) { throw ValidationError("--ranks must be between 1 and 1024, got \(ranks)") }
    }

    func run() throws {
        if let ranks, !MPILauncher.isUnderMPIExec { return try RankedStep.launch(ranks: ranks) }
        try RankedStep.run(DataParallelStep.self, plotsRoot: output.plotsRoot(quick: quick), recordsRoot: output.recordsRoot) {
            try DataParallelStep.run(options, in: $0)
        }
    }
}
