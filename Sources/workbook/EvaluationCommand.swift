import ArgumentParser
import Chapters

struct EvaluationCommand: OptionsCommand {
    typealias Step = EvaluationStep
    static let configuration = stepConfiguration()

    @Option(help: "Weights saved by `workbook training` (default: <plots>/5.2.3-training/cnn.safetensors, else a quick model).")
    var weights: String?
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: EvaluationOptions {
        var options = EvaluationOptions()
        (options.weights, options.dataDirectory) = (weights, data.dataDirectory)
        return options
    }
}
