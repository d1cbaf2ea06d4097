import Foundation
import Testing
import Training

/// `workbook training` as a user runs it: stopped by a real SIGTERM, resumed with `--resume`, and diverging. A tiny
/// configuration (66 fit images of 8×8, batch 4: 17 steps an epoch, a 140,000-parameter CNN) keeps each run to a
/// few seconds in a debug build.
@Suite("workbook training: checkpoints, resume, divergence", .serialized)
struct TrainingResumeTests {
    static func arguments(data: URL, folder: URL, name: String, epochs: Int = 2) -> [String] {
        ["training", "--train-dir", data.appendingPathComponent("train").path,
         "--test-dir", data.appendingPathComponent("test").path, "--input-size", "8", "--epochs", "\(epochs)",
         "--batch-size", "4", "--threads", "1", "--seed", "3",
         "--plots", folder.appendingPathComponent("plots-\(name)").path,
         "--weights", folder.appendingPathComponent("\(name).safetensors").path,
         "--checkpoint-dir", folder.appendingPathComponent("checkpoint-\(name)").path]
    }

    /// The lines of standard error that the workbook's error handler wrote (the progress bar writes there too).
    static func workbookLines(_ errors: String) -> [String] {
        errors.split(separator: "\n").filter { $0.hasPrefix("workbook:") }.map(String.init)
    }

    /// A run of 2 epochs that never stops, and a run sent SIGTERM during its second epoch (once its progress bar
    /// has drawn the epoch's first line, after step 1, while the epoch's steps take seconds) then started again with `--resume`: the interrupted process
    /// exits 143 (128 + SIGTERM) with one line that names the step it stopped after, the checkpoint and the command
    /// that resumes; the resumed run's final weights file is byte for byte the uninterrupted run's (weights, and the
    /// metadata with the test accuracy they give). Any state the checkpoint missed (Adam's moments or step count,
    /// the position in the epoch's shuffled order, the epoch's earlier losses) would change bits.
    @Test func aRunStoppedBySIGTERMResumesToBitwiseTheWeightsOfARunThatNeverStopped() throws {
        let data = try WorkbookProcess.tinyImageFolders()
        defer { try? FileManager.default.removeItem(at: data) }
        let straight = try WorkbookProcess.run(Self.arguments(data: data, folder: data, name: "straight"))
        #expect(straight.status == 0, "\(straight.errors)")
        let everyEpoch = try Checkpoint.load(from: data.appendingPathComponent("checkpoint-straight/checkpoint.safetensors"))
        #expect(everyEpoch.completedEpochs == 2 && everyEpoch.completedSteps == 0)

        let arguments = Self.arguments(data: data, folder: data, name: "stopped")
        let stopped = try WorkbookProcess(arguments)
        // The progress bar's first line of epoch 2 is the moment: a bar that is not a terminal draws a line at each new
        // tenth, the first one (tenth 0) after step 1 of 17, so the signal lands after step 1 or later (a loaded
        // machine can deliver it before step 2 ends).
        #expect(stopped.waitForErrors(containing: "epoch 2/2 [", seconds: 60))
        stopped.process.terminate()   // SIGTERM
        let status = stopped.wait()
        #expect(status == 143, "\(stopped.errors)")
        let checkpointFolder = data.appendingPathComponent("checkpoint-stopped").path
        let lines = Self.workbookLines(stopped.errors)
        #expect(lines.count == 1, "\(stopped.errors)")
        let line = try #require(lines.last)
        #expect(line.hasPrefix("workbook: SIGTERM: stopped after step "), "\(line)")
        #expect(line.contains(" of 17 of epoch 2, checkpoint saved to \(checkpointFolder)/checkpoint.safetensors; "
                              + "resume with: "), "\(line)")
        #expect(line.hasSuffix(" --resume \(checkpointFolder)"), "\(line)")
        let saved = try Checkpoint.load(from: URL(fileURLWithPath: checkpointFolder + "/checkpoint.safetensors"))
        #expect(saved.completedEpochs == 1 && (1..<17).contains(saved.completedSteps), "stopped mid-epoch: \(saved.completedSteps)")

        let resumed = try WorkbookProcess.run(arguments + ["--resume", checkpointFolder])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.output.contains("resumed from"))
        let straightWeights = try Data(contentsOf: data.appendingPathComponent("straight.safetensors"))
        let resumedWeights = try Data(contentsOf: data.appendingPathComponent("stopped.safetensors"))
        #expect(straightWeights == resumedWeights)
    }

    /// Resuming from a checkpoint of another recipe (another batch size), or with the epochs already done, is one
    /// line and exit status 1, never a trap.
    @Test func aCheckpointThatDoesNotFitIsOneLine() throws {
        let data = try WorkbookProcess.tinyImageFolders()
        defer { try? FileManager.default.removeItem(at: data) }
        let arguments = Self.arguments(data: data, folder: data, name: "one", epochs: 1)
        #expect(try WorkbookProcess.run(arguments).status == 0)
        let folder = data.appendingPathComponent("checkpoint-one").path
        let done = try WorkbookProcess.run(arguments + ["--resume", folder])
        #expect(done.status == 1 && Self.workbookLines(done.errors) == [
            "workbook: --resume \(folder): 1 of 1 epochs are done already: give more --epochs to train on"],
                "\(done.errors)")
        var otherBatch = Self.arguments(data: data, folder: data, name: "other", epochs: 2)
        otherBatch[otherBatch.firstIndex(of: "--batch-size")! + 1] = "8"
        let other = try WorkbookProcess.run(otherBatch + ["--resume", folder])
        let otherLines = Self.workbookLines(other.errors)
        #expect(other.status == 1 && otherLines.count == 1
                && otherLines[0].hasPrefix("workbook: the checkpoint was written by another recipe"), "\(other.errors)")
    }

    /// Adam at rate 10²⁰: after the first step every weight is about ±10²⁰, the second forward pass overflows
    /// (conv2 sums 576 products of ~10²⁰ × ~10²¹ > Float's 3.4·10³⁸), and the loss is NaN. The run stops there, exit
    /// status 1, with one line naming the step, the epoch, the parameter whose gradient went non-finite first (by
    /// its ParameterStore name) and the rate, instead of training on NaN to the end and writing NaN weights.
    @Test func aDivergingRunStopsWithOneLine() throws {
        let data = try WorkbookProcess.tinyImageFolders()
        defer { try? FileManager.default.removeItem(at: data) }
        let run = try WorkbookProcess.run(Self.arguments(data: data, folder: data, name: "diverged") + ["--learning-rate", "1e20"])
        let lines = Self.workbookLines(run.errors)
        #expect(run.status == 1 && lines.count == 1, "\(run.errors)")
        let line = try #require(lines.first)
        #expect(line.hasPrefix("workbook: the run diverged at step 2 of epoch 1: the loss is "), "\(line)")
        #expect(line.contains("the gradient of fc2.bias went non-finite first (in backward order); learning rate 1e+20"), "\(line)")
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("diverged.safetensors").path))
    }
}
