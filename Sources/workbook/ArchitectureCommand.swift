import ArgumentParser
import Chapters

/// `workbook architecture`: §9.1's comparison from the records, or `--train` one run of a row, or `--quick` (CI).
struct ArchitectureCommand: OptionsCommand {
    typealias Step = ArchitectureStep
    static let configuration = stepConfiguration()

    @Flag(help: "Train every row for 2 epochs of 4 steps on 256 images into Plots/quick/ and report on those runs (CI).")
    var quick = false
    @Flag(help: "Train one run of --row from --seed and record it in <plots>/9.1-architecture/runs/<row>/seed-N/ (Plots/9.1-architecture/PLAN.md).")
    var train = false
    @Option(parsing: .unconditional, help: ArgumentHelp("The row to train: \(ArchitectureRows.all.map(\.name).joined(separator: ", ")).",
                                                        valueName: "name"))
    var row: String?
    @Option(parsing: .unconditional, help: "Seed of the initial weights, the shuffle, the augmentation draws and a subset row's images.")
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = ArchitectureOptions().threads
    @Option(parsing: .unconditional, help: "Threads that prepare the batches (default: 2; every row augments).")
    var producers: Int?
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: ArchitectureOptions {
        var options = ArchitectureOptions()
        (options.quick, options.train, options.row, options.seed) = (quick, train, row, seed)
        (options.threads, options.producers, options.dataDirectory) = (threads, producers, data.dataDirectory)
        return options
    }
}
