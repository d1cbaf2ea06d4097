import ArgumentParser
import Chapters

/// `workbook compute-resources`: §2.1/§9.5's counts per layer, this machine's measured ceilings (FMA, sgemm,
/// memory bandwidth), the training step predicted against measured, scaling on paper.
struct ComputeResourcesCommand: OptionsCommand {
    typealias Step = ComputeResourcesStep
    static let configuration = stepConfiguration()

    @Flag(help: "Smaller, shorter measurements and 2 timed training steps per model (CI).")
    var quick = false
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: ComputeResourcesOptions {
        var options = ComputeResourcesOptions()
        options.quick = quick
        options.dataDirectory = data.dataDirectory
        return options
    }
}
