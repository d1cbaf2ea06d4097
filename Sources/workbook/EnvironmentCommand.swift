import ArgumentParser
import Chapters

struct EnvironmentCommand: StepCommand {
    static var step: any ChapterStep.Type { EnvironmentStep.self }
    static let configuration = stepConfiguration()

    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) { try EnvironmentStep.run(dataDirectory: data.dataDirectory, in: $0) }
    }
}
