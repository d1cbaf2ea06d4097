import ArgumentParser
import Chapters

/// The subcommand of every `DataStep` (`data-audit`, `preprocessing`, `training-step`): `--seed`, whose help
/// the step gives, `--data-dir` and `--plots`.
struct DataStepCommand<Step: DataStep>: OptionsCommand {
    // Computed: a generic type cannot have a static stored property.
    static var configuration: CommandConfiguration { stepConfiguration() }

    @Option(parsing: .unconditional, help: ArgumentHelp(Step.seedHelp))
    var seed = DataStepOptions().seed
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    var options: DataStepOptions { data.options(seed: seed) }
}
