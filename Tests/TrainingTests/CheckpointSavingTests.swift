import Foundation
import Testing
import DeepLearning
@testable import Training

@Suite("CheckpointSaving: a checkpoint every epoch and on SIGINT/SIGTERM", .serialized)
struct CheckpointSavingTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-saving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A real SIGTERM sent to this process after step 2 of epoch 2 (of 3 epochs of 4 steps): the run stops at that
    /// step's end with a checkpoint and a `TrainingInterrupted` naming the position and the resume command; a NEW
    /// trainer (weights from another seed) restored from it and fitted from there takes bitwise the losses and ends
    /// with bitwise the weights and Adam state of the run that never stopped. The model has BatchNorm (buffers) and
    /// the schedule depends on the global step, so each piece of the state counts; the losses of the epoch's first
    /// two steps come from the checkpoint, so the epoch's mean loss is the same too.
    @Test func aSignalledRunResumesMidEpochToBitwiseTheSameWeights() throws {
        let source = CheckpointTests.batches()
        let straight = try CheckpointTests.trainer(seed: 1)
        let straightEpochs = try straight.fit(source, epochs: 0..<3)

        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("checkpoint.safetensors")
        let interrupted = try CheckpointTests.trainer(seed: 1)
        interrupted.callbacks = [
            StepEnd { state in
                guard state.epoch == 1 && state.step == 2 else { return }
                // To the process, not this thread: the test runs on a pool thread that blocks signals, and the
                // kernel hands it to a thread that does not; wait until the handler has run there.
                kill(getpid(), SIGTERM)
                let deadline = Date().addingTimeInterval(5)
                while InterruptSignals.received == nil && Date() < deadline { usleep(1000) }
            },
            CheckpointSaving(to: url, seed: 0, recipe: CheckpointTests.recipe, resumeCommand: "train --resume here"),
        ]
        do {
            _ = try InterruptSignals.catching { try interrupted.fit(source, epochs: 0..<3) }
            Issue.record("SIGTERM did not stop the run")
        } catch let stop as TrainingInterrupted {
            #expect(stop.description == "SIGTERM: stopped after step 2 of 4 of epoch 2, checkpoint saved to "
                    + "\(url.path); resume with: train --resume here")
            #expect(stop.exitCode == 143)
        }
        #expect(InterruptSignals.received == nil, "catching puts the previous handlers back and forgets the signal")

        let checkpoint = try Checkpoint.load(from: url)
        #expect(checkpoint.completedEpochs == 1 && checkpoint.completedSteps == 2 && checkpoint.globalStep == 6)
        let resumed = try CheckpointTests.trainer(seed: 99)
        try checkpoint.restore(into: resumed.state, recipe: CheckpointTests.recipe)
        let resumedEpochs = try resumed.fit(source, epochs: 1..<3, firstStep: 2)
        #expect(resumedEpochs.map(\.stepLosses) == Array(straightEpochs.map(\.stepLosses)[1...]))
        #expect(resumedEpochs.map { $0.metrics["train loss"] } == Array(straightEpochs.map { $0.metrics["train loss"] }[1...]))
        #expect(resumed.model.namedTensors().map(\.parameter.value) == straight.model.namedTensors().map(\.parameter.value))
        #expect((resumed.optimizer as! Adam<Float>).state == (straight.optimizer as! Adam<Float>).state)
    }

    /// Every epoch's end replaces the checkpoint (epochs done, no step into the next); a run that diverges in epoch 2
    /// (a NaN input: NaN loss) stops in `DivergenceGuard` before the update, so the file on disk is still epoch 1's,
    /// with the weights after epoch 1's last step.
    @Test func aDivergedRunKeepsTheLastGoodCheckpoint() throws {
        var list = CheckpointTests.batches().list
        let good = FixedBatches(list)
        list[1].inputs.scalars[0] = .nan
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("checkpoint.safetensors")
        let trainer = try CheckpointTests.trainer(seed: 1)
        trainer.callbacks = [DivergenceGuard(),
                             CheckpointSaving(to: url, seed: 0, recipe: CheckpointTests.recipe, resumeCommand: "")]
        try trainer.fit(good, epochs: 0..<1)
        let afterEpoch1 = trainer.model.namedTensors().map(\.parameter.value)
        #expect(throws: TrainingError.self) { try trainer.fit(FixedBatches(list), epochs: 1..<2) }
        let checkpoint = try Checkpoint.load(from: url)
        #expect(checkpoint.completedEpochs == 1 && checkpoint.completedSteps == 0 && checkpoint.epochLosses.isEmpty)
        #expect(checkpoint.tensors["fc.weight"] == afterEpoch1[trainer.model.namedTensors().firstIndex { $0.name == "fc.weight" }!])
    }

    /// `fit(firstStep:)` goes on only from a state that a checkpoint put that many steps into that epoch.
    @Test func goingOnMidEpochNeedsTheRestoredPosition() throws {
        let trainer = try CheckpointTests.trainer(seed: 1)
        #expect(throws: TrainingError.self) { try trainer.fit(CheckpointTests.batches(), epochs: 0..<1, firstStep: 2) }
    }
}
