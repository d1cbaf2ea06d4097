import Testing
import Foundation
import Distributed

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

        /// Rank 1 is killed (SIGKILL, from outside) in the middle of training: MPICH's mpiexec stops the other rank
        /// within seconds (no hang), and its banner condenses into one line naming the dead process. The 20 s limit is
        /// generous for a loaded 2-core machine; mpiexec needs well under 1 s.
        @Test func aRankThatDiesStopsTheOthersWithinSeconds() throws {
            let killed = KillSwitch()
            let job = try MPIJob.run("mpi-probe", ["train", "--steps", "100000", "--fit", "60000"], ranks: 2) { line in
                if line.hasPrefix("rank 1 pid "), let pid = Int32(line.dropFirst("rank 1 pid ".count)) { killed.arm(pid) }
            }
            let stopped = try #require(killed.killedAt.map { Date().timeIntervalSince($0) }, "rank 1 was started and killed")
            #expect(job.status != 0)
            #expect(stopped < 20, "the job ended \(stopped) s after the kill")
            let line = MPIExecOutput.condensed(job.output + job.errors)   // Hydra prints its banner on stdout
            #expect(line?.contains("pid \(killed.pid ?? -1)") == true, "\(line ?? "nil"): \(job.errors)")
            #expect(line?.contains("signal 9") == true, "\(line ?? "nil")")
        }
    }

    /// Kills a process 3 s after it is named (time to get into training), and remembers when.
    private final class KillSwitch: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var pid: Int32?
        private(set) var killedAt: Date?
        func arm(_ pid: Int32) {
            lock.lock()
            self.pid = pid
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + 3) {
                kill(pid, SIGKILL)
                self.lock.lock()
                self.killedAt = Date()
                self.lock.unlock()
            }
        }
    }
}
