import Foundation
import Training

/// How `workbook training` keeps what it has trained: a `Checkpoint` after every epoch and when SIGINT or SIGTERM
/// stops it mid-epoch (`CheckpointSaving`), in `checkpoint.safetensors` of its checkpoint folder, and `--resume DIR`
/// goes on from one, at the step where it stopped, so that the final weights are bitwise those of a run that never
/// stopped (same build, same --threads).
///
/// One file, not weights plus a JSON beside them: a single rename replaces it, so the state on disk is always one
/// complete checkpoint. Its metadata (the safetensors header, JSON) holds the position and the recipe.
struct TrainingResumption {
    /// Where this run writes its checkpoints.
    let checkpoint: URL
    /// Epochs and steps of the next epoch already done (0, 0 for a fresh run).
    let firstEpoch: Int
    let firstStep: Int
    private let saving: CheckpointSaving

    /// Restores the checkpoint of `options.resumeDirectory`, if given, into `trainer`, and creates the checkpoint
    /// folder. Throws one line when the checkpoint does not fit these options.
    init(_ options: CNNTrainingOptions, trainer: CNNTrainer, in context: RunContext) throws {
        let folder = URL(fileURLWithPath: options.checkpointDirectory ?? options.resumeDirectory
                            ?? context.directory.appendingPathComponent("checkpoint").path)
        checkpoint = folder.appendingPathComponent(CNNTrainingOptions.checkpointFileName)
        let recipe = Self.recipe(options, trainer: trainer)
        if let resume = options.resumeDirectory {
            let file = URL(fileURLWithPath: resume).appendingPathComponent(CNNTrainingOptions.checkpointFileName)
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw OptionError("--resume \(resume): no \(CNNTrainingOptions.checkpointFileName) in that folder")
            }
            let saved = try Checkpoint.load(from: file)
            guard saved.seed == options.seed else {
                throw OptionError("--resume \(resume): written by a run of --seed \(saved.seed), this one has --seed "
                                  + "\(options.seed)")
            }
            guard saved.completedEpochs < options.epochs, saved.completedSteps <= trainer.batchesPerEpoch else {
                throw OptionError("--resume \(resume): \(saved.completedEpochs) of \(options.epochs) epochs are done "
                                  + "already: give more --epochs to train on")
            }
            try saved.restore(into: trainer.trainer.state, recipe: recipe)
            (firstEpoch, firstStep) = (saved.completedEpochs, saved.completedSteps)
            context.say("resumed from \(relativeToWorkingDirectory(file)): \(firstEpoch) epoch\(firstEpoch == 1 ? "" : "s") "
                        + "and \(firstStep) step\(firstStep == 1 ? "" : "s") of epoch \(firstEpoch + 1) done")
            context.parameter("resumed at", .text("epoch \(firstEpoch + 1), step \(firstStep + 1)"))
        } else {
            (firstEpoch, firstStep) = (0, 0)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        context.say("checkpoint after every epoch and on Ctrl-C/SIGTERM: \(relativeToWorkingDirectory(checkpoint))")
        saving = CheckpointSaving(to: checkpoint, seed: options.seed, recipe: recipe,
                                  resumeCommand: Self.resumeCommand(options, folder: folder))
        trainer.trainer.callbacks.append(saving)
    }

    /// `trainer.fit` from where the checkpoint left off, with SIGINT and SIGTERM caught. A run that cannot go on (it
    /// diverged, say) throws its one line with where the last good checkpoint is.
    func fit(_ trainer: CNNTrainer, epochs: Int) throws -> [EpochSummary] {
        do {
            return try InterruptSignals.catching {
                try trainer.trainer.fit(trainer.fitLoader, epochs: firstEpoch..<epochs, firstStep: firstStep)
            }
        } catch let error as TrainingError {
            guard let saved = saving.lastSaved else { throw error }
            throw TrainingError("\(error.description); the last good checkpoint (\(saved)) is \(relativeToWorkingDirectory(checkpoint))")
        }
    }

    /// Everything but the seed (checked apart) that decides the steps: a checkpoint of another recipe would mean
    /// something else here, and `Checkpoint.restore` refuses it. Not the epochs (a resumed run may train more) and not
    /// the threads or producers (they change no result but the rounding of the sums, for --threads).
    static func recipe(_ options: CNNTrainingOptions, trainer: CNNTrainer) -> String {
        "workbook training: \(trainer.inputShape.map(String.init).joined(separator: "×")) images of "
            + "\(options.trainDirectory ?? "fashion-mnist:\(options.dataDirectory)"), \(trainer.fitCount) fit images, "
            + "batch \(options.batchSize), \(trainer.optimizer), augmentation [\(options.augmentation.map(\.rawValue).joined(separator: ","))], "
            + "max grad norm \(options.maximumGradientNorm.map { "\($0)" } ?? "none")"
    }

    /// The command line that ran this with `--resume folder` in place of any earlier one.
    static func resumeCommand(_ options: CNNTrainingOptions, folder: URL) -> String {
        let shown = relativeToWorkingDirectory(folder)
        guard var arguments = options.commandLine else {
            return "workbook training --resume \(shown) with the options of this run"
        }
        if let index = arguments.firstIndex(of: "--resume"), index + 1 < arguments.count {
            arguments.removeSubrange(index...(index + 1))
        }
        return (arguments + ["--resume", shown]).map { argument in
            argument.contains(where: { " \"'$\\".contains($0) }) ? "'\(argument.replacingOccurrences(of: "'", with: "'\\''"))'" : argument
        }.joined(separator: " ")
    }
}
