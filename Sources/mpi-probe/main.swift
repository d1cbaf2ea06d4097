import Foundation
import Distributed

// mpi-probe SCENARIO [ARGUMENTS]: what the Distributed tests start under `mpiexec -n N`. Each scenario checks
// itself on every rank and prints what `Report` says; the exit status is non-zero on an error.
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let world = try Communicator.world()
    let report = Report(rank: world.rank)
    switch arguments.first {
    case "communicator": try CommunicatorScenario.run(world, report: report)
    case "train": try TrainingScenario.run(world, report: report, arguments: Array(arguments.dropFirst()))
    case "pipeline": try PipelineScenario.run(world, report: report, arguments: Array(arguments.dropFirst()))
    default:
        FileHandle.standardError.write(Data("mpi-probe: unknown scenario \(arguments.first ?? "(none)")\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("mpi-probe: \(error)\n".utf8))
    exit(1)
}
