import ArgumentParser
import Chapters
import Foundation

/// `workbook fine-tuning`: §4.3's experiment from the committed results, or `--train` it, or `--quick` (CI).
struct FineTuningCommand: OptionsCommand {
    typealias Step = FineTuningStep
    static let configuration = stepConfiguration()

    @Flag(help: "Run the quick budget (pre-training on 500 fit images, k = 1 and 5, one seed) into Plots/quick/ (CI).")
    var quick = false
    @Flag(help: "Run the whole experiment under the full budget (about 16 minutes alone on 2 cores; Plots/4.3-fine-tuning/PLAN.md) and record it in <plots>/4.3-fine-tuning/runs/.")
    var train = false
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = FineTuningOptions().threads
    @Option(name: .customLong("k"), parsing: .unconditional,
            help: ArgumentHelp("With --train: images per class to fine-tune on, instead of 1,5,20,100,1000 (a timing run).", valueName: "k,k,…"))
    var ks: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("With --train: the seeds of the k-image draws, instead of 0,1,2.", valueName: "s,s,…"))
    var seeds: String?
    @Option(name: .customLong("pretraining-fit-images"), parsing: .unconditional,
            help: "With --train: pre-train on the first N fit images only (a timing run).")
    var pretrainingFitImages: Int?
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: FineTuningOptions {
        var options = FineTuningOptions()
        (options.quick, options.train, options.threads, options.dataDirectory) = (quick, train, threads, data.dataDirectory)
        (options.ks, options.seeds, options.pretrainingFitImages) = (ks.map(Self.integers), seeds.map(Self.integers), pretrainingFitImages)
        return options
    }

    /// "1,5,20" → [1, 5, 20]; a word that is not an integer becomes -1, which validation names.
    static func integers(_ list: String) -> [Int] {
        list.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) ?? -1 }
    }
}
