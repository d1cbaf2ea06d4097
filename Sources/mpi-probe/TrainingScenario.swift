import Foundation
import Datasets
import DeepLearning
import Distributed

/// `train [--model M] [--statistics per-rank|sync] [--batch B] [--fit N] [--steps S] [--epochs E] [--seed S]
/// [--overlap 0|1] [--first-bucket BYTES] [--bucket BYTES] [--rank1-seed S] [--rank1-model M]`: the
/// data-parallel recipe on the first N Fashion-MNIST training images. Every rank prints its pid first; rank 0 prints
/// each step's global loss ("value loss"), then every rank the fingerprint of its final weights. The rank1 options
/// give rank 1 another seed or model, for the mismatch tests.
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
        let fit = try FashionMNIST.load(.train, verifyChecksums: false).subset(0..<number("fit", 3200))
        let run = try DataParallelRun(world: world, fit: fit, normalization: InputNormalization(mean: [0.286], std: [0.353]),
                                      configuration: configuration)
        try BLASThreads.with(1) {
            for epoch in 0..<number("epochs", 1) {
                let losses = try run.trainEpoch(epoch, maximumSteps: number("steps", .max))
                if world.isRoot { for loss in losses { report.value("loss", Double(loss)) } }
            }
        }
        report.line("weights \(Fingerprint.weights(of: run.model))")
        report.value("wait seconds", run.dataParallel.reducer.waitSeconds)
        report.value("buckets started during backward", Double(run.dataParallel.reducer.startedDuringBackward))
    }
}
