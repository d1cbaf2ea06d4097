import ArgumentParser
import Chapters

/// A subcommand that runs one chapter step. Its `run()` only turns options into the step's options and calls
/// into Chapters; everything computed lives there.
protocol StepCommand: ParsableCommand {
    static var step: any ChapterStep.Type { get }
}

extension StepCommand {
    /// The subcommand's name and help, from the step itself.
    static func stepConfiguration() -> CommandConfiguration {
        CommandConfiguration(commandName: step.command, abstract: step.abstract, discussion: step.discussion)
    }
}

/// Where charts and run records go.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("plots"), help: "The folder that receives one sub-folder per step.")
    var plotsRoot = "Plots"
}

extension OptionError {
    /// The same message as a parse-time validation error (one line on stderr, exit code 64).
    var validationError: ValidationError { ValidationError(description) }
}
