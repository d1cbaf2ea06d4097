import ArgumentParser
import Chapters

struct DataAuditCommand: StepCommand {
    static var step: any ChapterStep.Type { DataAuditStep.self }
    static let configuration = stepConfiguration()

    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ChapterRunner.run(Self.step, plotsRoot: output.plotsRoot) { try DataAuditStep.run(dataDirectory: data.dataDirectory, in: $0) }
    }
}
