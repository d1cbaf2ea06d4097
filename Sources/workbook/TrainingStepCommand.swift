import ArgumentParser
import Chapters

struct TrainingStepCommand: StepCommand {
    static var step: any ChapterStep.Type { TrainingStepStep.self }
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Seed of the initial weights and of the first batch (as `workbook training --seed`).")
    var seed: UInt64 = 0
    @Option(name: .customLong("data-dir"), help: "Where Fashion-MNIST's .gz files are.")
    var dataDirectory = CNNTrainingOptions().dataDirectory
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) {
            try TrainingStepStep.run(dataDirectory: dataDirectory, seed: seed, in: $0)
        }
    }
}
