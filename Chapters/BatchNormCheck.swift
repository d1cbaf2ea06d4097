import Foundation
import Datasets
import DeepLearning
import Distributed
import Training

/// The data-parallel step's BatchNorm demonstration, on its own first step: rank 0 also computes what ONE process
/// would (the same initial weights, BatchNorm2d over the whole global batch, in training mode) and compares the
/// step-1 loss and the running statistics with what the ranks computed. Per-rank statistics (DDP's default)
/// normalise each shard by its own mean and variance: another function, off by far more than rounding.
/// SyncBatchNorm normalises by the global batch's: equal to one process within the bound the tests derive, 63
/// rounding errors of a float sum of 64 terms (Tests/DistributedTests/DataParallelTests.swift).
final class BatchNormCheck: TrainingCallback {
    static let bound = 63 * 0x1p-24

    let loss: Float
    let model: Sequential<Float>
    /// The ranks' step-1 loss and the largest relative difference of rank 0's running statistics from one
    /// process's, once step 1 is done.
    private(set) var measured: (loss: Float, running: Double)?

    /// Rank 0's one-process forward of the first global batch of epoch 0 (call before the first step).
    init(_ run: DataParallelRun, fit: LabeledImages, normalization: InputNormalization) throws {
        let configuration = run.configuration
        var generator = RandomGenerator(seed: configuration.seed, stream: DataParallelRun.weightStream)
        model = configuration.model.build(statistics: .perRank, group: ThisProcessOnly(), generator: &generator)
        let loader = DataLoader(fit, batchSize: configuration.globalBatchSize, shuffle: true,
                                normalization: normalization, seed: configuration.seed)
        var batches = loader.batches(epoch: 0)
        guard let batch = try batches.next() else { throw OptionError("no images to train on") }
        model.train()
        loss = try CrossEntropyLoss().loss(model.forward(batch.images), batch.labels).value
    }

    /// After step 1: the global loss, and rank 0's running statistics against one process's (relative to each
    /// value, or to 10⁻³ for a mean that close to zero).
    func stepDidEnd(_ state: TrainingState) throws {
        guard state.globalStep == 1 else { return }
        let reference = Dictionary(uniqueKeysWithValues: model.namedBuffers().map { ($0.name, $0.parameter.values) })
        var worst = 0.0
        for named in state.model.namedBuffers() where named.name.hasSuffix("running_mean") || named.name.hasSuffix("running_var") {
            guard let other = reference[named.name] else { continue }
            for (mine, theirs) in zip(named.parameter.values, other) {
                worst = max(worst, Double(abs(mine - theirs)) / max(Double(abs(theirs)), 1e-3))
            }
        }
        measured = (state.loss, worst)
    }

    /// Says how the ranks' step-1 loss and rank 0's running statistics after it compare with one process's.
    func narrate(_ run: DataParallelRun, in context: RunContext) {
        guard let (stepOneLoss, worst) = measured else { return }
        let statistics = run.configuration.statistics
        let relative = abs(Double(stepOneLoss) / Double(loss) - 1)
        context.heading("BatchNorm: \(statistics.rawValue) statistics against one process (step 1)")
        context.say("step 1 loss: one process over the whole batch of \(run.configuration.globalBatchSize) "
                    + "\(String(format: "%.7f", loss)), \(run.world.size) ranks \(String(format: "%.7f", stepOneLoss)): "
                    + "relative difference \(String(format: "%.1e", relative)) against the rounding bound "
                    + "\(String(format: "%.1e", Self.bound)) (63 rounding errors of the float sum)")
        context.say("rank 0's running statistics after step 1 against one process's: largest relative difference "
                    + "\(String(format: "%.1e", worst))")
        context.say(relative <= Self.bound
            ? "inside the bound: the ranks computed one process's function (SyncBatchNorm, or one rank)"
            : "\(String(format: "%.0f", relative / Self.bound))× the bound: each rank normalised its shard by its own "
              + "statistics, another function than one process; --batch-norm sync makes them equal")
        context.result("batch norm step 1 relative loss difference", .number(relative))
        context.result("batch norm running statistics relative difference", .number(worst))
    }
}
