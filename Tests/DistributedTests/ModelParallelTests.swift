import Testing
import Foundation
import Distributed

/// How a pipeline cuts a batch: the parts cover it in order, without overlap, and their weights add up to 1, so
/// that the weighted micro-batch means are the batch's mean.
struct MicroBatchPlanTests {
    @Test(arguments: [(64, 1), (64, 4), (64, 8), (63, 4), (10, 3), (1, 1)])
    func partsCoverTheBatchInOrderAndWeighItsShares(batchSize: Int, microBatches: Int) {
        let plan = MicroBatchPlan(batchSize: batchSize, microBatches: microBatches)
        #expect(plan.parts.count == microBatches)
        #expect(plan.parts.map(\.index) == Array(0..<microBatches))
        #expect(plan.parts.first?.positions.lowerBound == 0 && plan.parts.last?.positions.upperBound == batchSize)
        for (part, next) in zip(plan.parts, plan.parts.dropFirst()) { #expect(part.positions.upperBound == next.positions.lowerBound) }
        // Sizes ⌊B/M⌋ or ⌈B/M⌉ (63 in 4: 16, 16, 16, 15).
        let sizes = plan.parts.map(\.positions.count)
        #expect(sizes.allSatisfy { $0 == batchSize / microBatches || $0 == (batchSize + microBatches - 1) / microBatches })
        // Each weight is b_j/B rounded once to float32 (relative error ≤ u = 2⁻²⁴); M of them sum, in float32, to 1
        // within M·u plus the sum's own (M − 1)·u: below 2M·u.
        let total = plan.parts.reduce(Float(0)) { $0 + $1.weight }
        #expect(abs(Double(total) - 1) <= 2 * Double(microBatches) * 0x1p-24, "\(plan.parts.map(\.weight))")
        for part in plan.parts {
            #expect(abs(Double(part.weight) - Double(part.positions.count) / Double(batchSize)) <= 0x1p-24)
        }
    }

    /// A batch smaller than M (a short last batch: 3 samples for M = 8) leaves the other micro-batches out; the
    /// remaining ones keep their indices (the message tags both stages compute alike) and weigh 1/3 each.
    @Test func aBatchSmallerThanMLeavesTheEmptyMicroBatchesOut() {
        let plan = MicroBatchPlan(batchSize: 3, microBatches: 8)
        #expect(plan.parts.count == 3)
        #expect(plan.parts.allSatisfy { $0.positions.count == 1 && $0.weight == Float(1) / 3 })
        #expect(Set(plan.parts.map(\.index)).count == 3 && plan.parts.allSatisfy { (0..<8).contains($0.index) })
        #expect(MicroBatchPlan(batchSize: 0, microBatches: 4).parts.isEmpty)
    }
}

/// A timeline's idle share is 1 − busy/step over the steps after the first, and it survives the trip to rank 0.
struct PipelineTimelineTests {
    @Test func idleShareCountsEveryStepButTheFirstAndEncodesLosslessly() throws {
        var timeline = PipelineTimeline()
        for step in 0..<3 {
            let start = Double(step) * 10
            timeline.beginStep(at: start, isFull: true)
            timeline.record(.forward, microBatch: 0, from: start, to: start + 2)
            timeline.record(.backward, microBatch: 0, from: start + 5, to: start + 8)
            timeline.endStep(at: start + 10)
        }
        // Steps 2 and 3: 5 busy of 10 each.
        #expect(timeline.measuredSteps == 2 && timeline.idleShare == 0.5)
        #expect(timeline.meanSeconds(of: .backward) == 3 && timeline.meanSeconds(of: .recompute) == 0)
        #expect(timeline.latestStep.map(\.start) == [0, 5] && timeline.latestStepStart == 20)
        let decoded = try #require(PipelineTimeline(encoded: timeline.encoded))
        #expect(decoded.encoded == timeline.encoded && decoded.idleShare == 0.5 && decoded.latestStep == timeline.latestStep)
        #expect(PipelineTimeline(encoded: [1, 2, 3]) == nil)
    }
}

/// The two-stage pipeline on 2 ranks (mpi-probe's pipeline scenario: the small CNN cut at its Flatten, conv1…pool2
/// on rank 0, flatten and fc on rank 1) against one process (the train scenario on 1 rank: the same weights, data
/// and batches). A debug build, so few steps.
extension MPIJobs {
    @Suite("Model-parallel training: a 2-stage pipeline equals one process")
    struct ModelParallelTests {
        static let unitRoundoff = 0x1p-24

        /// How far the loss of step k (1-based) of the pipeline with M micro-batches may be from one process, for a
        /// batch of B.
        ///
        /// Step 1: both compute every sample's loss from the same weights (each sample's forward is the same
        /// arithmetic in a batch of B or of B/M). They differ in how the B losses become one number. One process
        /// sums B in float32 and multiplies by 1/B: within (B − 1)u + u = B·u relative of exact (u = 2⁻²⁴). The pipeline
        /// sums each micro-batch's b ≤ ⌈B/M⌉ losses ((b − 1)u), multiplies by 1/b (u) and by its weight b/B (rounded:
        /// u, and the product: u), then sums M such terms ((M − 1)u): within (⌈B/M⌉ + M + 2)u. The two are within the
        /// sum of both, (B + ⌈B/M⌉ + M + 2)u: 87u = 5.2e-6 for B = 64, M = 4 (M = 1 is exact: see the test). The
        /// gradients differ alike: the loss gradient (softmax − onehot)/b · b/B against /B, and each weight's
        /// gradient summed over M micro-batches instead of once over B; the next weights
        /// differ by a few ulps, and that difference compounds: §5.2.3's same-draws analysis measured at most
        /// tenfold growth every 12 steps, hence (B + ⌈B/M⌉ + M + 2)u·10^((k−1)/12). A wrong weighting (b_j/B
        /// forgotten: M× the loss), a micro-batch's gradient sent back to the wrong micro-batch, or a backward
        /// without the re-computed forward (the gradient of another micro-batch's activations) moves step 2's loss
        /// by ~1e-3 or more, far beyond.
        static func bound(step: Int, batchSize: Int, microBatches: Int) -> Double {
            let terms = batchSize + (batchSize + microBatches - 1) / microBatches + microBatches + 2
            return Double(terms) * unitRoundoff * pow(10, Double(step - 1) / 12)
        }

        static func losses(_ scenario: String, _ arguments: [String], ranks: Int) throws -> (losses: [Double], job: MPIJob) {
            let job = try MPIJob.run("mpi-probe", [scenario] + arguments, ranks: ranks)
            #expect(job.status == 0, "\(job.errors)")
            return (job.values("loss", rank: 0), job)
        }

        static func expectWithinBound(_ pipeline: [Double], of one: [Double], batchSize: Int, microBatches: Int) {
            for step in 1...min(pipeline.count, one.count) {
                let relative = abs(pipeline[step - 1] / one[step - 1] - 1)
                #expect(relative <= bound(step: step, batchSize: batchSize, microBatches: microBatches),
                        "M = \(microBatches), step \(step): \(pipeline[step - 1]) against \(one[step - 1])")
            }
        }

        /// Twelve steps of batch 64 against one process (one reference run serves three claims, to keep the
        /// debug-build jobs few):
        /// - M = 4 within the bound above;
        /// - M = 1 bitwise: one micro-batch of weight 1 (exact) runs the very arithmetic of one process, layer by
        ///   layer on the same rows, and Adam updates each parameter on its own, whichever store holds it; the
        ///   bound is for sums in another order, and with M = 1 there is none;
        /// - M = 4 again, same seed and build: bitwise the same losses and final weights on both stages.
        @Test func onePipelineStepEqualsOneProcessStepAndRepeatsBitForBit() throws {
            let arguments = ["--steps", "12", "--batch", "64", "--fit", "768"]
            let (one, _) = try Self.losses("train", arguments, ranks: 1)
            let (four, firstJob) = try Self.losses("pipeline", arguments + ["--micro", "4"], ranks: 2)
            let (single, _) = try Self.losses("pipeline", arguments + ["--micro", "1"], ranks: 2)
            let (fourAgain, secondJob) = try Self.losses("pipeline", arguments + ["--micro", "4"], ranks: 2)
            try #require(one.count == 12 && four.count == 12, "\(one.count) and \(four.count) losses")
            Self.expectWithinBound(four, of: one, batchSize: 64, microBatches: 4)
            #expect(single == one, "M = 1 against one process")
            #expect(fourAgain == four, "M = 4 twice")
            for rank in 0..<2 {
                let weights = [firstJob, secondJob].map { $0.lines(ofRank: rank).first { $0.hasPrefix("stage weights ") } }
                #expect(weights[0] != nil && weights[0] == weights[1], "rank \(rank)")
            }
        }

        /// 193 images in batches of 64, two epochs (8 steps): the last batch of each epoch has 1 sample, so with
        /// M = 8 seven of its micro-batches are empty and the one left weighs 1/1; M = 3 splits the full batches
        /// unevenly (22, 21, 21). Both within the bound of one process.
        @Test func aShortLastBatchAndAnUnevenSplitAreWeightedByTheirTrueSizes() throws {
            let arguments = ["--fit", "193", "--epochs", "2"]
            let (one, _) = try Self.losses("train", arguments, ranks: 1)
            try #require(one.count == 8)
            for microBatches in [3, 8] {
                let (pipeline, _) = try Self.losses("pipeline", arguments + ["--micro", "\(microBatches)"], ranks: 2)
                try #require(pipeline.count == 8, "M = \(microBatches): \(pipeline.count) losses")
                Self.expectWithinBound(pipeline, of: one, batchSize: 64, microBatches: microBatches)
            }
        }
    }
}
