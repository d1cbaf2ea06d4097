import ArgumentParser
import Chapters

/// `workbook architecture`: §9.1's comparison from the records, or `--train` one run of a row, or `--quick` (CI).
struct ArchitectureCommand: OptionsCommand {
    typealias Step = ArchitectureStep
    static let configuration = stepConfiguration()

    @OptionGroup var run: RowRunArguments
    @OptionGroup var output: OutputOptions

    var quick: Bool { run.quick }
    var options: ArchitectureOptions { ArchitectureOptions(run.improvements) }
}
