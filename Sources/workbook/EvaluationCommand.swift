import ArgumentParser
import Chapters
import Foundation

struct EvaluationCommand: StepCommand {
    static var step: any ChapterStep.Type { EvaluationStep.self }
    static let configuration = stepConfiguration()

    @Option(help: "Weights saved by `workbook training` (default: <plots>/5.2.3-training/cnn.safetensors, else a quick model).")
    var weights: String?
    @Option(name: .customLong("data-dir"), help: "Where Fashion-MNIST's .gz files are.")
    var dataDirectory = CNNTrainingOptions().dataDirectory
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) {
            try EvaluationStep.run(weights: weights.map { URL(fileURLWithPath: $0) }, dataDirectory: dataDirectory, in: $0)
        }
    }
}
