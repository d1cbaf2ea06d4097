import ArgumentParser
import Chapters

struct ModelDefinitionCommand: OptionsCommand {
    typealias Step = ModelDefinitionStep
    static let configuration = stepConfiguration()

    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataStepOptions { data.options(seed: 0) }
}
