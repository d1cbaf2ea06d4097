import ArgumentParser
import Chapters

struct ModelDefinitionCommand: StepCommand {
    static var step: any ChapterStep.Type { ModelDefinitionStep.self }
    static let configuration = stepConfiguration()

    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) {
            try ModelDefinitionStep.run(dataDirectory: data.dataDirectory, in: $0)
        }
    }
}
