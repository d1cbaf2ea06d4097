import Testing
import Foundation
import DeepLearning
import Distributed
import Training

/// What a user sees when ranks disagree or one dies.
extension MPIJobs {
    @Suite("Faults: mismatched ranks and a rank that dies")
    struct FaultTests {
        /// Rank 1 started with another seed (so another shuffle) or another model: every rank stops before the first
        /// step with one line that says on what the ranks disagree.
        @Test func ranksThatDisagreeStopBeforeTheFirstStep() throws {
            for (option, what) in [("--rank1-seed", "the data"), ("--rank1-model", "the model")] {
                let value = option == "--rank1-seed" ? "5" : "small-bn"
                let job = try MPIJob.run("mpi-probe", ["train", "--steps", "3", option, value], ranks: 2)
                #expect(job.status != 0)
                #expect(job.values("loss", rank: 0).isEmpty, "no step was taken")
                let lines = job.errors.split(separator: "\n").filter { $0.hasPrefix("mpi-probe: ") }
                #expect(lines.count == 2 && lines.allSatisfy { $0.contains("rank 1 disagrees with rank 0 on \(what)") },
                        "\(job.errors)")
            }
        }

        /// MPICH 4.0.2's banner, as mpiexec printed it here when rank 1 of two `sleep`ing shells was killed, becomes
        /// one line with what ended the job and the PID mpiexec named.
        @Test func hydrasBannerBecomesOneLine() {
            let banner = """

                ===================================================================================
                =   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES
                =   PID 13313 RUNNING AT vm
                =   EXIT CODE: 9
                =   CLEANING UP REMAINING PROCESSES
                =   YOU CAN IGNORE THE BELOW CLEANUP MESSAGES
                ===================================================================================
                YOUR APPLICATION TERMINATED WITH THE EXIT STRING: Killed (signal 9)
                This typically refers to a problem with your application.
                Please see the FAQ page for debugging suggestions
                """
            #expect(MPIExecOutput.condensed(banner) == "a rank ended badly (Killed (signal 9)) and mpiexec stopped the "
                    + "job; its report names pid 13313 on vm, the first rank it saw end")
            #expect(MPIExecOutput.condensed("rank 0 loss 2.3\n") == nil)
            // A banner without its PID line names no process rather than inventing one.
            let withoutPID = banner.split(separator: "\n").filter { !$0.contains("PID ") }.joined(separator: "\n")
            #expect(MPIExecOutput.condensed(withoutPID) == "a rank ended badly (Killed (signal 9)) and mpiexec stopped "
                    + "the job")
        }

        /// Rank 1 is killed (SIGKILL, from outside) in epoch 2 of a run that checkpoints after each epoch: MPICH's
        /// mpiexec stops the other rank within seconds (no hang), and its banner condenses into one line that says
        /// how the job ended and names one of its ranks (Hydra names the first rank it saw end, which is rank 0 when
        /// its cleanup kill is reported in the same round as rank 1's death: see `MPIExecOutput`). The 20 s limit is
        /// generous for a loaded 2-core machine; mpiexec needs well under 1 s.
        ///
        /// The kill comes as soon as rank 0 says epoch 1's checkpoint is on disk, when epoch 2 (50 steps, seconds in a
        /// debug build) has just begun: the file on disk is then the last complete one, epoch 1's. It loads, says 1
        /// epoch done, and holds exactly the weights rank 0 had then (their fingerprint, printed at the time); no
        /// temporary file is left beside it.
        @Test func aRankThatDiesStopsTheOthersWithinSecondsAndTheLastCheckpointStands() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fault-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("checkpoint.safetensors")
            let killed = KillSwitch()
            let job = try MPIJob.run("mpi-probe", ["train", "--fit", "3200", "--epochs", "100", "--checkpoint", file.path],
                                     ranks: 2) { line in
                if line.hasPrefix("rank 1 pid "), let pid = Int32(line.dropFirst("rank 1 pid ".count)) { killed.name(pid) }
                if line.hasPrefix("rank 0 checkpoint 1 ") { killed.kill() }
            }
            let stopped = try #require(killed.killedAt.map { Date().timeIntervalSince($0) }, "rank 1 was started and killed")
            #expect(job.status != 0)
            #expect(stopped < 20, "the job ended \(stopped) s after the kill")
            let line = MPIExecOutput.condensed(job.output + job.errors)   // Hydra prints its banner on stdout
            let rankPIDs = (0..<2).compactMap { job.lines(ofRank: $0).first { $0.hasPrefix("pid ") } }
            #expect(rankPIDs.count == 2 && rankPIDs.contains { line?.contains("names \($0) ") == true },
                    "\(line ?? "nil"), ranks: \(rankPIDs): \(job.errors)")
            #expect(line?.contains("signal 9") == true, "\(line ?? "nil")")

            let checkpoint = try Checkpoint.load(from: file)
            #expect(checkpoint.completedEpochs == 1 && checkpoint.globalStep == 50)
            var generator = RandomGenerator(seed: 0)
            let model = DistributedModel.small.build(statistics: .perRank, group: ThisProcessOnly(), generator: &generator)
            try loadSafetensors(into: model, from: file)
            let printed = job.lines(ofRank: 0).first { $0.hasPrefix("checkpoint 1 weights ") }?.split(separator: " ").last
            #expect(printed.map(String.init) == Fingerprint.weights(of: model).description)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint.safetensors"])
        }
    }

    /// Kills a process when told to, once it is named, and remembers when.
    private final class KillSwitch: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var pid: Int32?
        private(set) var killedAt: Date?
        func name(_ pid: Int32) {
            lock.lock()
            self.pid = pid
            lock.unlock()
        }
        func kill() {
            lock.lock()
            defer { lock.unlock() }
            guard let pid, killedAt == nil else { return }
            Glibc.kill(pid, SIGKILL)
            killedAt = Date()
        }
    }
}
