import ArgumentParser
import Chapters

/// `workbook fine-tuning`: §4.3's experiment from the committed results, or `--train` it, or `--quick` (CI).
struct FineTuningCommand: OptionsCommand {
    typealias Step = FineTuningStep
    static let configuration = stepConfiguration()

    @Flag(help: "Run the quick budget (pre-training on 500 fit images, k = 1 and 5, one seed) into Plots/quick/ (CI).")
    var quick = false
    @Flag(help: "Run the whole experiment under the full budget (about 20 minutes on 2 cores) and record it in <plots>/4.3-fine-tuning/runs/.")
    var train = false
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = FineTuningOptions().threads
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: FineTuningOptions {
        var options = FineTuningOptions()
        (options.quick, options.train, options.threads, options.dataDirectory) = (quick, train, threads, data.dataDirectory)
        return options
    }
}
