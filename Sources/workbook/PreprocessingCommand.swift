import ArgumentParser
import Chapters

struct PreprocessingCommand: StepCommand {
    static var step: any ChapterStep.Type { PreprocessingStep.self }
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Seed of the loader's shuffle.")
    var seed: UInt64 = 0
    @Option(name: .customLong("data-dir"), help: "Where Fashion-MNIST's .gz files are.")
    var dataDirectory = CNNTrainingOptions().dataDirectory
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) {
            try PreprocessingStep.run(dataDirectory: dataDirectory, seed: seed, in: $0)
        }
    }
}
