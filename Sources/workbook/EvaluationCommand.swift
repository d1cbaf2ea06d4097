import ArgumentParser
import Chapters
import Foundation

struct EvaluationCommand: StepCommand {
    static var step: any ChapterStep.Type { EvaluationStep.self }
    static let configuration = stepConfiguration()

    @Option(help: "Weights saved by `workbook training` (default: <plots>/5.2.3-training/cnn.safetensors, else a quick model).")
    var weights: String?
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) {
            try EvaluationStep.run(weights: weights.map { URL(fileURLWithPath: $0) }, dataDirectory: data.dataDirectory, in: $0)
        }
    }
}
