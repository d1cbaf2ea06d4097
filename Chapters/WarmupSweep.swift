import Foundation
import Datasets
import DeepLearning
import Distributed
import Plotting
import Training

/// Where the linear-scaling rule needs a warm-up (Goyal et al. 2017), measured cheaply on the ranks of the
/// data-parallel step: N ranks × local batch b is one global batch B = N·b, so how large B may grow is what limits
/// N.
///
/// The rule: multiply the learning rate by k when the batch grows k-fold; k small steps of η on k batches then
/// match one step of kη on their union, as long as the gradient barely changes over those k steps. Early in
/// training it changes fast, so Goyal et al. ramp the rate up linearly over the first epochs (for ResNet-50 on
/// ImageNet up to B = 8k; beyond, even warm-up failed). Here: the recipe's model with Adam at lr 0.001·B/64, for
/// each B, on the same first `samples` fit images (one epoch, so every B sees the same images, in fewer and larger
/// steps), once at constant lr and once ramped linearly from the B = 64 rate over the first third of the steps;
/// then rank 0's accuracy on `validationCount` held-out images.
public struct WarmupSweep: Sendable, Equatable {
    struct Point: Codable, Equatable {
        var batch: Int
        var warmup: Bool
        var learningRate: Double
        var steps: Int
        var warmupSteps: Int
        var validationAccuracy: Double
        var finalTrainLoss: Double
    }

    public var batches: [Int]
    public var samples: Int
    public var validationCount: Int

    /// The CNN on 2 ranks: 7 runs of 12,288 images (86,016 images trained), about 3.5 minutes of CPU in a release
    /// build on this machine.
    public static let full = WarmupSweep(batches: [64, 256, 1024, 4096], samples: 12_288, validationCount: 2000)
    /// `workbook all --quick` and CI: 3 runs of 512 images.
    public static let quick = WarmupSweep(batches: [64, 256], samples: 512, validationCount: 200)

    static let baseBatch = 64

    /// Every B with and without warm-up (B = 64 once: its warm-up would start and end at the same rate).
    func run(world: Communicator, fit: LabeledImages, validation: LabeledImages, normalization: InputNormalization,
             base: DataParallelConfiguration, in context: RunContext) throws -> [Point] {
        let images = fit.subset(0..<min(samples, fit.count))
        let held = validation.subset(0..<min(validationCount, validation.count))
        var points: [Point] = []
        for batch in batches where batch <= images.count {
            for warmup in batch == Self.baseBatch ? [false] : [false, true] {
                var configuration = base
                configuration.globalBatchSize = batch
                configuration.learningRate = base.learningRate * Double(batch) / Double(Self.baseBatch)
                let steps = (images.count + batch - 1) / batch
                let warmupSteps = warmup ? max(1, steps / 3) : 0
                if warmup {
                    // Linear from the B = 64 rate to lr·B/64 over the warm-up, then constant (the cosine's floor is
                    // its peak).
                    configuration.schedule = .warmupCosine(warmupSteps: warmupSteps, totalSteps: steps + 1,
                                                           startFactor: Double(Self.baseBatch) / Double(batch),
                                                           minimum: configuration.learningRate)
                }
                let run = try DataParallelRun(world: world, fit: images, normalization: normalization,
                                              configuration: configuration)
                let losses = try run.trainEpoch(0)
                var accuracy = Double.nan
                if world.isRoot {
                    accuracy = Training.accuracy(try CNNTrainer.predict(run.model, held, normalization: normalization),
                                                 held.labels)
                }
                try world.barrier()
                points.append(Point(batch: batch, warmup: warmup, learningRate: configuration.learningRate, steps: steps,
                                    warmupSteps: warmupSteps, validationAccuracy: accuracy,
                                    finalTrainLoss: Double(losses.last ?? .nan)))
                context.say("B = \(batch), lr \(configuration.learningRate), \(steps) steps"
                            + (warmup ? " (\(warmupSteps) warming up)" : ", no warm-up")
                            + ": last train loss \(String(format: "%.3f", points.last!.finalTrainLoss)), held-out "
                            + "accuracy \(percent(accuracy))")
            }
        }
        return points
    }

    /// Two standard errors of a difference of two accuracies near p on n images each, √(2p(1 − p)/n), times 3: a
    /// gap beyond it is not the noise of which n images were held out (one seed: the seed's own spread is not in it).
    func clearGap(near p: Double) -> Double { 3 * (2 * p * (1 - p) / Double(validationCount)).squareRoot() }

    /// Diverged: a last training loss above ln 10 = 2.30, that of predicting the 10 classes uniformly (where
    /// training starts), or not a number.
    static func diverged(_ point: Point) -> Bool { !(point.finalTrainLoss <= log(10)) }

    /// The smallest B at which the run without warm-up diverged or lost clearly to the run with it; nil when
    /// none did.
    func threshold(_ points: [Point]) -> Int? {
        for batch in batches where batch != Self.baseBatch {
            guard let plain = points.first(where: { $0.batch == batch && !$0.warmup }),
                  let warmed = points.first(where: { $0.batch == batch && $0.warmup }) else { continue }
            if Self.diverged(plain)
                || warmed.validationAccuracy - plain.validationAccuracy > clearGap(near: warmed.validationAccuracy) {
                return batch
            }
        }
        return nil
    }

    /// The table, the chart and one sentence each of what the rule predicts and what was measured; returns the
    /// threshold.
    func narrate(_ points: [Point], in context: RunContext) throws -> Int? {
        context.say(table(["global batch", "lr", "steps", "warm-up steps", "last train loss", "held-out accuracy"],
                          points.map { p in
            ["\(p.batch)", "\(p.learningRate)", "\(p.steps)", "\(p.warmupSteps)",
             String(format: "%.3f", p.finalTrainLoss), percent(p.validationAccuracy)]
        }))
        let threshold = threshold(points)
        context.say("What the rule predicts: with lr ∝ B, every global batch reaches about the accuracy of B = 64 "
                    + "after the same \(samples) images, warm-up or not, while the gradient changes little over B/64 "
                    + "small steps.")
        if let threshold {
            let below = batches.last { $0 < threshold } ?? Self.baseBatch
            context.say("What this measured: from B = \(threshold) on, training at lr·B/64 from the first step "
                        + "diverges or loses clearly (more than 3 standard errors of \(validationCount) held-out "
                        + "images) to the same run with a linear warm-up: the linear-scaling rule needs warm-up "
                        + "somewhere between B = \(below) and \(threshold) here (one seed, \(samples) images: a "
                        + "cheap measurement).")
            if let warmed = points.first(where: { $0.batch == threshold && $0.warmup }), Self.diverged(warmed) {
                context.say("At B = \(threshold) the warmed-up run diverged too (last loss "
                            + "\(String(format: "%.3g", warmed.finalTrainLoss)) > ln 10): with \(warmed.steps) steps "
                            + "of which \(warmed.warmupSteps) warming up, this budget is past what the rule reaches "
                            + "even with warm-up.")
            }
        } else {
            context.say("What this measured: up to B = \(batches.last ?? 0), no-warm-up never lost clearly (3 standard "
                        + "errors of \(validationCount) held-out images) to warm-up: no threshold inside this sweep "
                        + "(one seed, \(samples) images).")
        }
        if let threshold { context.result("warm-up threshold global batch", .integer(threshold)) }
        func curve(_ warmup: Bool) -> [Point] { points.filter { $0.warmup == warmup || $0.batch == Self.baseBatch } }
        try context.draw(Chart(
            name: "warmup-threshold", title: context.chartTitle("线性缩放规则：何时需要 warm-up"),
            content: .series([
                Series("lr·B/64 from the first step", x: curve(false).map { Double($0.batch) },
                       y: curve(false).map { 100 * $0.validationAccuracy }, style: .linesPoints),
                Series("with linear warm-up (first third of the steps)", x: curve(true).map { Double($0.batch) },
                       y: curve(true).map { 100 * $0.validationAccuracy }, style: .linesPoints),
            ]),
            xAxis: Axis("global batch B (\(samples) images each)", logarithmic: true),
            yAxis: Axis("held-out accuracy (%)"), legendPosition: "bottom left"))
        return threshold
    }
}
