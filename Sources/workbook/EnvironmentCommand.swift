import ArgumentParser
import Chapters

struct EnvironmentCommand: OptionsCommand {
    typealias Step = EnvironmentStep
    static let configuration = stepConfiguration()

    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataStepOptions { data.options(seed: 0) }
}
