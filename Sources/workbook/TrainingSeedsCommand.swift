import ArgumentParser
import Chapters

struct TrainingSeedsCommand: OptionsCommand {
    typealias Step = TrainingSeedsStep
    static let configuration = stepConfiguration()

    @Option(help: "The folder of run records (default: <plots>/5.2.3-training/seeds).")
    var records: String?
    @Option(help: "Steps of epoch 1 to train here and compare with PyTorch's traced losses (0: none).")
    var traceSteps = TrainingSeedsOptions().traceSteps
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: TrainingSeedsOptions {
        var options = TrainingSeedsOptions()
        (options.records, options.traceSteps, options.dataDirectory) = (records, traceSteps, data.dataDirectory)
        return options
    }
}
