import ArgumentParser
import Chapters

struct PreprocessingCommand: OptionsCommand {
    typealias Step = PreprocessingStep
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Seed of the loader's shuffle.")
    var seed = DataStepOptions().seed
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataStepOptions { data.options(seed: seed) }
}
