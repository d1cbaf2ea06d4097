import ArgumentParser
import Chapters

struct TrainingStepCommand: OptionsCommand {
    typealias Step = TrainingStepStep
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Seed of the initial weights and of the first batch (as `workbook training --seed`).")
    var seed = DataStepOptions().seed
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataStepOptions { data.options(seed: seed) }
}
