import ArgumentParser
import Chapters

struct LossesCommand: OptionsCommand {
    typealias Step = LossesStep
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Training epochs of each loss in the race.")
    var epochs = LossesOptions().epochs
    @OptionGroup var output: OutputOptions

    var options: LossesOptions {
        var options = LossesOptions()
        options.epochs = epochs
        return options
    }
}
