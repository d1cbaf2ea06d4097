import ArgumentParser
import Chapters

struct TrainingStepCommand: StepCommand {
    static var step: any ChapterStep.Type { TrainingStepStep.self }
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Seed of the initial weights and of the first batch (as `workbook training --seed`).")
    var seed: UInt64 = 0
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) {
            try TrainingStepStep.run(dataDirectory: data.dataDirectory, seed: seed, in: $0)
        }
    }
}
