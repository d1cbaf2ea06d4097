import ArgumentParser
import Chapters

/// `workbook saliency`: §8.3's explanations of the trained CNN and Adebayo's randomisation check.
struct SaliencyCommand: OptionsCommand {
    typealias Step = SaliencyStep
    static let configuration = stepConfiguration()

    @Flag(help: "Train 10 steps on 640 images and explain images of the first 1,000 test images (CI).")
    var quick = false
    @Option(parsing: .unconditional, help: "Epochs of §5.2.3's recipe for the explained model (weights reused when saved by the same recipe).")
    var epochs = SaliencyOptions().epochs
    @Option(parsing: .unconditional, help: "Seed of the explained model's weights and shuffle; the randomised model takes seed + 1.")
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = SaliencyOptions().threads
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: SaliencyOptions {
        var options = quick ? SaliencyOptions.quickRun : SaliencyOptions()
        if !quick { options.epochs = epochs }
        (options.seed, options.threads, options.dataDirectory) = (seed, threads, data.dataDirectory)
        return options
    }
}
