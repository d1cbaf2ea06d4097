import Foundation
import Datasets
import DeepLearning
import Distributed

/// `pipeline [--model M] [--batch B] [--fit N] [--steps S] [--epochs E] [--seed S] [--micro M]`: the two-stage
/// pipeline (`ModelParallelRun`) on 2 ranks, on the first N Fashion-MNIST training images with the normalisation of
/// the train scenario, so that `train` on 1 rank with the same options is the one process it must equal. Rank 0
/// prints each step's loss ("value loss"); every rank the fingerprint of its stage's final weights and its idle
/// share.
enum PipelineScenario {
    static func run(_ world: Communicator, report: Report, arguments: [String]) throws {
        let options = ScenarioOptions(arguments)
        var configuration = ModelParallelConfiguration()
        configuration.model = DistributedModel(rawValue: options["model"] ?? "small") ?? .small
        configuration.batchSize = options.number("batch", 64)
        configuration.seed = UInt64(options.number("seed", 0))
        configuration.microBatches = options.number("micro", 4)
        let fit = try FashionMNIST.load(.train, verifyChecksums: false).subset(0..<options.number("fit", 3200))
        let run = try ModelParallelRun(world: world, fit: fit, normalization: InputNormalization(mean: [0.286], std: [0.353]),
                                       configuration: configuration)
        try BLASThreads.with(1) {
            for epoch in 0..<options.number("epochs", 1) {
                let losses = try run.trainEpoch(epoch, maximumSteps: options.number("steps", .max))
                if world.isRoot { for loss in losses { report.value("loss", Double(loss)) } }
            }
        }
        report.line("stage weights \(Fingerprint.weights(of: run.stage.model))")
        report.value("idle share", run.stage.timeline.idleShare)
    }
}
