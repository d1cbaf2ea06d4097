import Foundation
import Datasets
import DeepLearning
import Distributed

/// `train [--model M] [--statistics per-rank|sync] [--batch B] [--fit N] [--steps S] [--epochs E] [--seed S]
/// [--overlap 0|1] [--first-bucket BYTES] [--bucket BYTES] [--rank1-seed S] [--rank1-model M] [--checkpoint FILE]
/// [--resume FILE] [--running 1]`: the data-parallel recipe on the first N Fashion-MNIST training images. Every
/// rank prints its pid first; rank 0 prints each step's global loss ("value loss"), then every rank the
/// fingerprint of its final weights. The rank1 options give rank 1 another seed or model, for the mismatch tests.
/// With --checkpoint, rank 0 writes one after each epoch and prints "checkpoint E weights F" once it is on disk;
/// --resume continues from one (its first epoch is the checkpoint's); --running 1 prints every batch norm running
/// statistic of each rank at the end ("value running NAME[i]: x").
enum TrainingScenario {
    static func run(_ world: Communicator, report: Report, arguments: [String]) throws {
        let options = ScenarioOptions(arguments)
        let number = options.number
        report.line("pid \(getpid())")

        var configuration = DataParallelConfiguration()
        configuration.model = DistributedModel(rawValue: options["model"] ?? "small") ?? .small
        configuration.statistics = DistributedModel.Statistics(rawValue: options["statistics"] ?? "per-rank") ?? .perRank
        configuration.globalBatchSize = number("batch", 64)
        configuration.seed = UInt64(number("seed", 0))
        configuration.overlap = number("overlap", 1) == 1
        configuration.firstBucketBytes = number("first-bucket", configuration.firstBucketBytes)
        configuration.bucketBytes = number("bucket", configuration.bucketBytes)
        if world.rank == 1 {
            if let seed = options["rank1-seed"].flatMap({ UInt64($0) }) { configuration.seed = seed }
            if let model = options["rank1-model"].flatMap({ DistributedModel(rawValue: $0) }) { configuration.model = model }
        }
        // No SHA-256 of the files: in a debug build it costs seconds per rank and job, and the tests are about
        // ranks agreeing with each other, which the data fingerprint checks.
        let fit = try FashionMNIST.load(.train, verifyChecksums: false).subset(0..<number("fit", 3200))
        let run = try DataParallelRun(world: world, fit: fit, normalization: InputNormalization(mean: [0.286], std: [0.353]),
                                      configuration: configuration)
        let checkpoint = options["checkpoint"].map { URL(fileURLWithPath: $0) }
        let first = try options["resume"].map { try run.resume(from: URL(fileURLWithPath: $0)) } ?? 0
        try BLASThreads.with(1) {
            for epoch in first..<max(first, number("epochs", 1)) {
                let losses = try run.trainEpoch(epoch, maximumSteps: number("steps", .max), checkpoint: checkpoint)
                if world.isRoot { for loss in losses { report.value("loss", Double(loss)) } }
                if world.isRoot && checkpoint != nil {
                    report.line("checkpoint \(epoch + 1) weights \(Fingerprint.weights(of: run.model))")
                }
            }
        }
        report.line("weights \(Fingerprint.weights(of: run.model))")
        if number("running", 0) == 1 {
            for named in run.model.namedBuffers() where named.name.hasSuffix("running_mean") || named.name.hasSuffix("running_var") {
                for (index, value) in named.parameter.values.enumerated() {
                    report.value("running \(named.name)[\(index)]", Double(value))
                }
            }
        }
        report.value("wait seconds", run.dataParallel.reducer.waitSeconds)
        report.value("buckets started during backward", Double(run.dataParallel.reducer.startedDuringBackward))
    }
}
