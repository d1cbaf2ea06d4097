import ArgumentParser
import Chapters
import Foundation

/// `workbook evaluate --weights FILE`: reload weights saved by `workbook training` and reproduce their test accuracy.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Reload weights saved by `workbook training` and score them on the test set (same accuracy, exactly).",
        discussion: """
            Rebuilds the article's CNN from the safetensors file's metadata (input shape, classes, normalisation), \
            predicts the test set (Fashion-MNIST, or --test-dir for a model trained on an ImageFolder tree) and \
            prints the accuracy, whether it equals the one recorded at training time, and the per-class scores.
            """)

    @Option(help: "A .safetensors file written by `workbook training`.")
    var weights: String
    @Option(name: .customLong("test-dir"), help: "An ImageFolder test tree (for a model trained with --train-dir).")
    var testDirectory: String?
    @OptionGroup var data: DataSetOption

    func validate() throws {
        guard FileManager.default.fileExists(atPath: weights) else {
            throw ValidationError("--weights \(weights): no such file (train first: `workbook training`)")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: weights)
        let result = try CheckpointEvaluation.evaluate(weights: url, testDirectory: testDirectory, dataDirectory: data.dataDirectory)
        for line in CheckpointEvaluation.narration(result, weights: url) { print(line) }
        if !result.reproducesTraining { throw ExitCode(2) }
    }
}
