import ArgumentParser
import Chapters

struct PreprocessingCommand: StepCommand {
    static var step: any ChapterStep.Type { PreprocessingStep.self }
    static let configuration = stepConfiguration()

    @Option(parsing: .unconditional, help: "Seed of the loader's shuffle.")
    var seed: UInt64 = 0
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) {
            try PreprocessingStep.run(dataDirectory: data.dataDirectory, seed: seed, in: $0)
        }
    }
}
