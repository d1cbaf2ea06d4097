import ArgumentParser
import Chapters

/// The options of a step whose runs are named rows trained by §5.3.3's machinery (`workbook improvements`,
/// `workbook architecture`): the report from the records by default, `--quick` for CI, `--train --row R --seed N`
/// for one recorded run.
struct RowRunArguments: ParsableArguments {
    @Flag(help: "Train every row for 2 epochs of 4 steps on 256 images into Plots/quick/ and report on those runs (CI).")
    var quick = false
    @Flag(help: "Train one run of --row from --seed and record it in <plots>/<step folder>/runs/<row>/seed-N/.")
    var train = false
    @Option(parsing: .unconditional, help: ArgumentHelp("The row to train (the rows are listed above; an unknown name lists them).",
                                                        valueName: "name"))
    var row: String?
    @Option(parsing: .unconditional, help: "Seed of the initial weights, the shuffle, the augmentation draws and a subset row's images.")
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = ImprovementsOptions().threads
    @Option(parsing: .unconditional, help: "Threads that prepare the batches (default: 1, or 2 for a recipe with augmentation).")
    var producers: Int?
    @OptionGroup var data: DataSetOption

    /// These settings in §5.3.3's options (which §9.1's wrap).
    var improvements: ImprovementsOptions {
        var options = ImprovementsOptions()
        (options.quick, options.train, options.row, options.seed) = (quick, train, row, seed)
        (options.threads, options.producers, options.dataDirectory) = (threads, producers, data.dataDirectory)
        return options
    }
}
