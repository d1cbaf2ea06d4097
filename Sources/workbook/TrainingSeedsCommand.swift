import ArgumentParser
import Chapters

struct TrainingSeedsCommand: OptionsCommand {
    typealias Step = TrainingSeedsStep
    static let configuration = stepConfiguration()

    @Option(help: "The folder of run records (default: <plots>/5.2.3-training/seeds).")
    var records: String?
    @OptionGroup var output: OutputOptions

    var options: TrainingSeedsOptions {
        var options = TrainingSeedsOptions()
        options.records = records
        return options
    }
}
