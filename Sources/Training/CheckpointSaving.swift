import Foundation

/// Writes a `Checkpoint` after every epoch, and after the step during which SIGINT or SIGTERM arrived
/// (`InterruptSignals`): then it stops the run by throwing `TrainingInterrupted`, whose one line says where the
/// checkpoint is and how to go on. The file is replaced atomically each time (`Checkpoint.save`), so a run killed
/// outright (SIGKILL, a power cut) keeps the previous epoch's, and a diverged run (`DivergenceGuard` throws before
/// the update) keeps the last good one.
///
/// Put it after every other callback, so that an epoch's evaluation and records are done before its checkpoint
/// counts it as complete. Cost per step: one atomic load.
public final class CheckpointSaving: TrainingCallback {
    public let url: URL
    private let seed: UInt64
    private let recipe: String
    private let resumeCommand: String
    /// What the checkpoint on disk holds ("after epoch 2"), once this run has written one.
    public private(set) var lastSaved: String?

    /// - Parameters:
    ///   - url: the checkpoint file (its folder must exist).
    ///   - seed, recipe: as `Checkpoint` records them.
    ///   - resumeCommand: the command that goes on from the checkpoint, for the line an interruption prints.
    public init(to url: URL, seed: UInt64, recipe: String, resumeCommand: String) {
        self.url = url
        self.seed = seed
        self.recipe = recipe
        self.resumeCommand = resumeCommand
    }

    public func stepDidEnd(_ state: TrainingState) throws {
        guard let signal = InterruptSignals.received else { return }
        try Checkpoint(midEpoch: state, seed: seed, recipe: recipe).save(to: url)
        lastSaved = "after step \(state.step) of epoch \(state.epoch + 1)"
        throw TrainingInterrupted(signal: signal, checkpoint: url, resumeCommand: resumeCommand,
                                  position: "after step \(state.step) of \(state.stepsInEpoch) of epoch \(state.epoch + 1)")
    }

    public func epochDidEnd(_ state: TrainingState) throws -> EpochDecision {
        try Checkpoint(state, completedEpochs: state.epoch + 1, seed: seed, recipe: recipe).save(to: url)
        lastSaved = "after epoch \(state.epoch + 1)"
        if let signal = InterruptSignals.received {
            throw TrainingInterrupted(signal: signal, checkpoint: url, resumeCommand: resumeCommand,
                                      position: "after epoch \(state.epoch + 1)")
        }
        return .continueTraining
    }
}

/// A run stopped by SIGINT or SIGTERM once its checkpoint was written.
public struct TrainingInterrupted: Error, CustomStringConvertible {
    public let signal: Int32
    public let checkpoint: URL
    public let resumeCommand: String
    /// Where the run stopped, in words ("after step 5 of 20 of epoch 2").
    public let position: String

    public var description: String {
        "\(InterruptSignals.name(of: signal)): stopped \(position), checkpoint saved to \(checkpoint.path); "
            + "resume with: \(resumeCommand)"
    }

    /// What a shell reports for a process the signal ended: 128 + the signal.
    public var exitCode: Int32 { 128 + signal }
}
