import ArgumentParser
import Chapters

struct EnvironmentCommand: StepCommand {
    static var step: any ChapterStep.Type { EnvironmentStep.self }
    static let configuration = stepConfiguration()

    @Option(name: .customLong("data-dir"), help: "Where Fashion-MNIST's .gz files are.")
    var dataDirectory = CNNTrainingOptions().dataDirectory
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) { try EnvironmentStep.run(dataDirectory: dataDirectory, in: $0) }
    }
}
