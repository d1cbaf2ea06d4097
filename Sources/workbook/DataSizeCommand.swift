import ArgumentParser
import Chapters

/// `workbook data-size`: §9.2's learning curve from the committed results, or `--train` it, or `--quick` (CI).
struct DataSizeCommand: OptionsCommand {
    typealias Step = DataSizeStep
    static let configuration = stepConfiguration()

    @Flag(help: "Run the quick budget (100 and 200 fit images, one seed, a few steps) into Plots/quick/ (CI).")
    var quick = false
    @Flag(help: "Run the 18 runs of the full budget (about 50 minutes alone on 2 cores; Plots/9.2-data-size/PLAN.md) and record them in <plots>/9.2-data-size/runs/; an interrupted --train resumes from the runs it finished.")
    var train = false
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = DataSizeOptions().threads
    @Option(help: "The folder of §5.2.3's recorded runs that give the 55,000-image point (default: Plots/5.2.3-training/seeds).")
    var records: String?
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataSizeOptions {
        var options = DataSizeOptions()
        (options.quick, options.train, options.threads, options.dataDirectory, options.records)
            = (quick, train, threads, data.dataDirectory, records)
        return options
    }
}
