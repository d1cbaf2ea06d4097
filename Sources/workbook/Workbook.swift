import ArgumentParser
import Chapters
import Foundation
import Training

/// `workbook`: every computable section of the article, executed with real numbers.
///
/// Each chapter step is one subcommand (one `StepCommand` type per file in this folder). Registering its type in
/// `subcommands` below is all `list`, `chapter N`, `all` and `errata` need to find it.
@main
struct Workbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every computable section of the article, executed with real numbers, charts and run records.",
        discussion: """
            Each step prints its computation term by term, writes its charts (PNG, SVG, gnuplot script and data) \
            and a run record (run.json) into Plots/<section>-<step>/. `workbook list` shows every planned step.
            """,
        subcommands: [
            ListCommand.self, ChapterCommand.self, AllCommand.self, ErrataCommand.self,
            ComputeResourcesCommand.self,
            GradientDescentCommand.self, AdamCommand.self, LossesCommand.self,
            DataStepCommand<DataAuditStep>.self,
            DataStepCommand<TrainingStepWalkthroughStep>.self,
            EvaluationCommand.self,
            EnvironmentCommand.self,
            DataStepCommand<PreprocessingStep>.self,
            ModelDefinitionCommand.self,
            TrainingCommand.self,
            TrainingSeedsCommand.self,
            FineTuningCommand.self,
            SaliencyCommand.self,
            ArchitectureCommand.self,
            DataSizeCommand.self,
            TrainingTimeCommand.self,
            FairnessCommand.self,
            ImprovementsCommand.self,
            DataParallelCommand.self,
            ModelParallelCommand.self,
            EvaluateCommand.self,
            ExportImageFolderCommand.self,
        ])

    /// The chapter steps registered as subcommands.
    static var implementedSteps: [any ChapterStep.Type] {
        configuration.subcommands.compactMap { ($0 as? any StepCommand.Type)?.step }
    }

    /// Bad input gets one line on stderr and a non-zero exit; help and version keep their usual output.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Interrupted by a signal once the checkpoint was saved: the exit status a shell gives a killed process.
            let code = (error as? TrainingInterrupted).map { ExitCode($0.exitCode) } ?? exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? ""
            if !message.isEmpty {
                FileHandle.standardError.write(Data("workbook: \(message)\n".utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
