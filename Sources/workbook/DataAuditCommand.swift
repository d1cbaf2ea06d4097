import ArgumentParser
import Chapters

struct DataAuditCommand: OptionsCommand {
    typealias Step = DataAuditStep
    static let configuration = stepConfiguration()

    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataStepOptions { data.options(seed: 0) }
}
