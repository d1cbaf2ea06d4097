import ArgumentParser
import Chapters

struct DataAuditCommand: OptionsCommand {
    typealias Step = DataAuditStep
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Seed of the augmentation previews.")
    var seed = DataStepOptions().seed
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataStepOptions { data.options(seed: seed) }
}
