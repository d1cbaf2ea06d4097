import ArgumentParser
import Chapters

struct LossesCommand: StepCommand {
    static var step: any ChapterStep.Type { LossesStep.self }
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Training epochs of each loss in the race.")
    var epochs = LossesOptions().epochs
    @OptionGroup var output: OutputOptions

    var options: LossesOptions {
        var options = LossesOptions()
        options.epochs = epochs
        return options
    }

    func validate() throws {
        do { try options.validate() } catch let error as OptionError { throw error.validationError }
    }

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) { try LossesStep.run(options, in: $0) }
    }
}
