import ArgumentParser
import Chapters
import Testing
@testable import workbook

/// The one command type of the steps that read only the data set: each instance is named for its step and
/// explains that step's seed.
struct DataStepCommandTests {
    @Test func eachStepHasItsNameAndItsSeedHelp() throws {
        let commands: [(any ParsableCommand.Type, any DataStep.Type)] = [
            (DataStepCommand<DataAuditStep>.self, DataAuditStep.self),
            (DataStepCommand<PreprocessingStep>.self, PreprocessingStep.self),
            (DataStepCommand<TrainingStepWalkthroughStep>.self, TrainingStepWalkthroughStep.self),
        ]
        for (command, step) in commands {
            #expect(command.configuration.commandName == step.command)
            // The help wraps lines at 80 columns: compare its words.
            let words = command.helpMessage(columns: 1000).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("--seed <seed> " + step.seedHelp), "\(step.command)")
            #expect(words.contains(step.abstract), "\(step.command)")
        }
        #expect(Set(commands.map { $0.1.seedHelp }).count == 3)
    }

    @Test func theSeedAndTheDataFolderReachTheStep() throws {
        let options = try DataStepCommand<DataAuditStep>.parse(["--seed", "7", "--data-dir", "/tmp/fm"]).options
        #expect(options.seed == 7 && options.dataDirectory == "/tmp/fm")
        #expect(try DataStepCommand<PreprocessingStep>.parse([]).options == DataStepOptions())
    }

    @Test func everyDataStepIsRegistered() {
        let commands = Set(Workbook.implementedSteps.map { $0.command })
        #expect(commands.isSuperset(of: ["data-audit", "preprocessing", "training-step"]))
    }
}
