import ArgumentParser
import Chapters
import Foundation

/// `workbook fairness`: §9.4's experiment from the committed results, or `--train` it, or `--quick` (CI).
struct FairnessCommand: OptionsCommand {
    typealias Step = FairnessStep
    static let configuration = stepConfiguration()

    @Flag(help: "Run the quick budget (Shirt at 5% and 20% of 1,280 fit images, one seed, 20 steps) into Plots/quick/ (CI).")
    var quick = false
    @Flag(help: "Run the plan under the full budget (57 trainings, about 78 minutes on 2 cores; Plots/9.4-fairness/PLAN.md) and record it in <plots>/9.4-fairness/runs/.")
    var train = false
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = FairnessOptions().threads
    @Option(name: .customLong("rare-classes"), parsing: .unconditional,
            help: ArgumentHelp("With --train: only these rare classes of the plan (6 = Shirt, 1 = Trouser); the other recorded runs are kept.", valueName: "c,c,…"))
    var rareClasses: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("With --train: only these of the declared seeds 0,1,2; the other recorded runs are kept.", valueName: "s,s,…"))
    var seeds: String?
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: FairnessOptions {
        var options = FairnessOptions()
        (options.quick, options.train, options.threads, options.dataDirectory) = (quick, train, threads, data.dataDirectory)
        (options.rareClasses, options.seeds) = (rareClasses.map(FineTuningCommand.integers), seeds.map(FineTuningCommand.integers))
        return options
    }
}
