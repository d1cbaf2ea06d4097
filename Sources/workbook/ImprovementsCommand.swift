import ArgumentParser
import Chapters

/// `workbook improvements`: §5.3.3's ablation table from the records, or `--train` one run of a row.
struct ImprovementsCommand: OptionsCommand {
    typealias Step = ImprovementsStep
    static let configuration = CommandConfiguration(
        commandName: ImprovementsStep.command, abstract: ImprovementsStep.abstract,
        discussion: ImprovementsStep.discussion)

    @Flag(help: "Train every row for 8 steps on 256 images and build the table from those runs (CI).")
    var quick = false
    @Flag(help: "Train one run of --row from --seed and record it in <plots>/5.3.3-improvements/runs/<row>/seed-N/.")
    var train = false
    @Option(parsing: .unconditional, help: ArgumentHelp("The row to train: \(AblationRow.all.map(\.name).joined(separator: ", ")), or a cell grid-lr<α>-b<B> of the learning-rate × batch grid.",
                                                        valueName: "name"))
    var row: String?
    @Option(parsing: .unconditional, help: "Seed of the initial weights, the shuffle and the augmentation draws.")
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = ImprovementsOptions().threads
    @Option(parsing: .unconditional, help: "Threads that prepare the batches (default: 1, or 2 for a recipe with augmentation).")
    var producers: Int?
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: ImprovementsOptions {
        var options = ImprovementsOptions()
        (options.quick, options.train, options.row, options.seed) = (quick, train, row, seed)
        (options.threads, options.producers, options.dataDirectory) = (threads, producers, data.dataDirectory)
        return options
    }
}
