import ArgumentParser
import Chapters

/// `workbook improvements`: §5.3.3's ablation table from the records, or `--train` one run of a row.
struct ImprovementsCommand: OptionsCommand {
    typealias Step = ImprovementsStep
    static let configuration = CommandConfiguration(
        commandName: ImprovementsStep.command, abstract: ImprovementsStep.abstract,
        discussion: ImprovementsStep.discussion)

    @OptionGroup var run: RowRunArguments
    @OptionGroup var output: OutputOptions

    var quick: Bool { run.quick }
    var options: ImprovementsOptions { run.improvements }
}
