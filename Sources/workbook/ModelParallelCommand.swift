import ArgumentParser
import Chapters
import Distributed
import Foundation

/// `workbook model-parallel`: §5.3.3's model parallelism, a 2-stage pipeline on 2 MPI ranks. Under mpiexec each
/// rank runs this command and rank 0 alone speaks; started without mpiexec it starts the 2 ranks itself.
struct ModelParallelCommand: StepCommand {
    static let step: any ChapterStep.Type = ModelParallelStep.self
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: ArgumentHelp("The model: cnn (the article's) or small.", valueName: "name"),
            transform: { name in
                guard let model = DistributedModel(rawValue: name), !model.hasBatchNorm else {
                    throw ValidationError("--model must be cnn or small, got \(name)")
                }
                return model
            })
    var model = DistributedModel.cnn
    @Option(name: .customLong("micro-batches"), parsing: .unconditional,
            help: ArgumentHelp("The micro-batch counts M to measure, comma-separated.", valueName: "list"),
            transform: { text in
                let counts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !counts.isEmpty, counts.allSatisfy({ $0 != nil }) else {
                    throw ValidationError("--micro-batches must be comma-separated whole numbers, e.g. 1,2,4,8, got \(text)")
                }
                return counts.compactMap { $0 }
            })
    var microBatches = ModelParallelOptions().microBatchCounts
    @Option(parsing: .unconditional, help: "Optimizer steps per run (one run per micro-batch count).")
    var steps: Int?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Images per step (cut into M micro-batches).")
    var batchSize = ModelParallelConfiguration().batchSize
    @Option(name: [.customLong("learning-rate"), .customShort("a")], parsing: .unconditional, help: "Adam's α.")
    var learningRate = ModelParallelConfiguration().learningRate
    @Option(parsing: .unconditional, help: "Seed of the initial weights and of the shuffle (the same on both ranks).")
    var seed = ModelParallelConfiguration().seed
    @Option(parsing: .unconditional, help: "Ranks to start through mpiexec when not under mpiexec: 2 (one per stage).")
    var ranks = 2
    @OptionGroup var data: DataSetOption
    @Flag(help: "A short run: 8 steps per micro-batch count; --steps, when given, wins.")
    var quick = false
    @OptionGroup var output: OutputOptions

    var options: ModelParallelOptions {
        var options = quick ? ModelParallelOptions.quick : ModelParallelOptions()
        options.training.model = model
        options.training.batchSize = batchSize
        options.training.learningRate = learningRate
        options.training.seed = seed
        options.microBatchCounts = microBatches
        options.steps = steps ?? options.steps
        options.dataDirectory = data.dataDirectory
        return options
    }

    func validate() throws {
        do { try options.validate() } catch let error as OptionError { throw ValidationError(error.description) }
        guard ranks == 2 else { throw ValidationError("--ranks must be 2 (one rank per stage), got \(ranks)") }
    }

    func run() throws {
        guard MPILauncher.isUnderMPIExec else {
            print("starting 2 ranks: mpiexec -n 2 workbook \(CommandLine.arguments.dropFirst().joined(separator: " "))")
            fflush(nil)   // before the ranks' own lines
            return try RankedStep.launch(ranks: ranks)
        }
        try RankedStep.run(ModelParallelStep.self, plotsRoot: output.plotsRoot(quick: quick), recordsRoot: output.recordsRoot) {
            try ModelParallelStep.run(options, in: $0)
        }
    }
}
