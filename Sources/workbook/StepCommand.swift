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

/// The subcommand of a `ConfigurableStep`: it declares the options and maps them onto `Step.Options`;
/// validation (one line, exit 64) and running come from here.
protocol OptionsCommand: StepCommand {
    associatedtype Step: ConfigurableStep
    /// The parsed options as the step's options.
    var options: Step.Options { get }
    var output: OutputOptions { get }
    /// True for a quick run (`--quick`), which writes into Plots/quick/ instead of the committed Plots/.
    var quick: Bool { get }
}

extension OptionsCommand {
    static var step: any ChapterStep.Type { Step.self }
    var quick: Bool { false }

    func validate() throws {
        do { try options.validate() } catch let error as OptionError { throw ValidationError(error.description) }
    }

    func run() throws {
        try ChapterRunner.run(Step.self, plotsRoot: output.plotsRoot(quick: quick), recordsRoot: output.recordsRoot) {
            try Step.run(options, in: $0)
        }
    }
}

/// Where charts and run records go (`PlotsFolder`): Plots/ for a full run, Plots/quick/ for a quick one.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("plots"),
            help: "The folder that receives one sub-folder per step (default: Plots; Plots/quick, which git ignores, with --quick).")
    var explicitRoot: String?

    func plotsRoot(quick: Bool) -> String { PlotsFolder.root(explicit: explicitRoot, quick: quick) }
    var recordsRoot: String { PlotsFolder.recordsRoot(explicit: explicitRoot) }
}
