import ArgumentParser
import Chapters
import Distributed
import Foundation

/// How the commands of steps that run on MPI ranks (data-parallel, model-parallel) start and run.
enum RankedStep {
    /// Starts `ranks` copies of this very command line through mpiexec, without its `--ranks` option, and exits
    /// with their status.
    static func launch(ranks: Int) throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let index = arguments.firstIndex(where: { $0 == "--ranks" || $0.hasPrefix("--ranks=") }) {
            arguments.removeSubrange(index ..< min(arguments.count, index + (arguments[index] == "--ranks" ? 2 : 1)))
        }
        let status = try MPILauncher.run(ranks: ranks, arguments: arguments)
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs `body` as this rank of the job: rank 0 alone prints, draws and writes the record; an error that every
    /// rank met together (a collective one) is said by rank 0 alone, the others only exit non-zero.
    static func run(_ step: any ChapterStep.Type, plotsRoot: String, recordsRoot: String,
                    _ body: (RunContext) throws -> Void) throws {
        let world = try Communicator.world()
        do {
            try ChapterRunner.run(step, plotsRoot: plotsRoot, recordsRoot: recordsRoot, speaks: world.isRoot, body)
        } catch let error as DistributedError where error.isCollective && !world.isRoot {
            throw ExitCode(1)
        }
    }
}
