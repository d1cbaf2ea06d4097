import ArgumentParser
import Chapters

/// `workbook compute-resources`: §2.1/§9.5's counts per layer, this machine's measured ceiling, scaling on paper.
struct ComputeResourcesCommand: OptionsCommand {
    typealias Step = ComputeResourcesStep
    static let configuration = stepConfiguration()

    @Flag(help: "A smaller, shorter sgemm measurement (CI).")
    var quick = false
    @OptionGroup var output: OutputOptions

    var options: ComputeResourcesOptions {
        var options = ComputeResourcesOptions()
        options.quick = quick
        return options
    }
}
