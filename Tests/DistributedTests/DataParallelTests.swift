import Testing
import Foundation

/// Data-parallel training on 2 ranks against one process (mpi-probe's train scenario, the small CNN on the first
/// Fashion-MNIST images; a debug build, so few steps).
extension MPIJobs {
    @Suite("Data-parallel training: 2 ranks equal one process")
    struct DataParallelTests {
        static let unitRoundoff = 0x1p-24

        /// How far the loss of step k (1-based) of 2 ranks × batch 32 may be from one process × batch 64.
        ///
        /// Step 1: both compute every sample's loss from the same weights, identically; they differ only in how the 64
        /// losses are summed (one sum of 64, or two of 32 weighted by 32/64, exact as a power of two). A sum of n
        /// positive numbers in float32 is within (n − 1)·u of exact, u = 2⁻²⁴, so the two means are within 63u
        /// (3.8e-6) relative. The gradients differ likewise, so the next weights differ by a few ulps, and that
        /// difference compounds: §5.2.3's same-draws analysis measured growth of at most tenfold every 12 steps.
        /// Hence 63u·10^((k−1)/12). A wrong average (a missing 1/2, a bucket all-reduced before its gradients are
        /// final, a shard counted twice) moves step 2's loss by ~1e-3 or more, far outside 63u·10^(1/12) = 4.6e-6.
        static func bound(step: Int) -> Double { 63 * unitRoundoff * pow(10, Double(step - 1) / 12) }

        static func losses(_ arguments: [String], ranks: Int) throws -> (losses: [Double], job: MPIJob) {
            let job = try MPIJob.run("mpi-probe", ["train"] + arguments, ranks: ranks)
            #expect(job.status == 0, "\(job.errors)")
            return (job.values("loss", rank: 0), job)
        }

        @Test func fiftyStepsOfTwoRanksFollowOneProcessWithinTheRoundingBound() throws {
            let arguments = ["--steps", "50", "--batch", "64", "--fit", "3200"]
            let (one, _) = try Self.losses(arguments, ranks: 1)
            let (two, job) = try Self.losses(arguments, ranks: 2)
            try #require(one.count == 50 && two.count == 50)
            for step in 1...50 {
                let relative = abs(two[step - 1] / one[step - 1] - 1)
                #expect(relative <= Self.bound(step: step), "step \(step): \(two[step - 1]) against \(one[step - 1])")
            }
            // The ranks end with the same weights (they never exchange them after the first broadcast).
            let fingerprints = (0..<2).map { rank in job.lines(ofRank: rank).first { $0.hasPrefix("weights ") } }
            #expect(fingerprints[0] != nil && fingerprints[0] == fingerprints[1])
            #expect(job.value("buckets started during backward", rank: 0) == 50, "one bucket per step, during backward")
        }

        /// Same seed, same N, same build: bitwise the same losses; and the overlap changes when buckets are
        /// all-reduced, not what is summed: overlap on and off are bitwise the same too. Small buckets (2 KB, then 8
        /// KB) cut the small CNN's 17 KB of gradients into several buckets, so that ordering matters.
        @Test func aRunRepeatsBitForBitAndTheOverlapChangesNoBit() throws {
            let arguments = ["--steps", "8", "--first-bucket", "2048", "--bucket", "8192"]
            let (first, _) = try Self.losses(arguments + ["--overlap", "1"], ranks: 2)
            let (second, _) = try Self.losses(arguments + ["--overlap", "1"], ranks: 2)
            let (withoutOverlap, _) = try Self.losses(arguments + ["--overlap", "0"], ranks: 2)
            #expect(first.count == 8)
            #expect(first == second)
            #expect(first == withoutOverlap)
        }

        /// 193 images in batches of 64: the last global batch has 1 sample, so rank 0's shard of it is empty. Its
        /// gradient counts 0 and rank 1's counts 1/1: the step equals one process's within the bound.
        @Test func anEmptyShardOfTheLastBatchIsWeightedByItsZeroSamples() throws {
            let arguments = ["--fit", "193", "--epochs", "2"]
            let (one, _) = try Self.losses(arguments, ranks: 1)
            let (two, _) = try Self.losses(arguments, ranks: 2)
            try #require(one.count == 8 && two.count == 8)
            for step in 1...8 { #expect(abs(two[step - 1] / one[step - 1] - 1) <= Self.bound(step: step)) }
        }

        /// Three epochs straight, against one epoch (rank 0 checkpoints it) and a second job that resumes from the
        /// file for epochs 2 and 3: bitwise the same losses, on 2 ranks with SyncBatchNorm (the weights, the running
        /// statistics, Adam's state and the schedule's clock all come back; a missing one changes the next loss).
        @Test func aResumedRunTakesBitwiseTheLossesOfTheRunThatDidNotStop() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let base = ["--model", "small-bn", "--statistics", "sync", "--fit", "320"]
            let (straight, _) = try Self.losses(base + ["--epochs", "3", "--checkpoint", folder.appendingPathComponent("a").path],
                                                ranks: 2)
            let file = folder.appendingPathComponent("b").path
            let (first, _) = try Self.losses(base + ["--epochs", "1", "--checkpoint", file], ranks: 2)
            let (resumed, _) = try Self.losses(base + ["--epochs", "3", "--resume", file], ranks: 2)
            try #require(straight.count == 15 && first.count == 5)
            #expect(first == Array(straight[..<5]))
            #expect(resumed == Array(straight[5...]))
        }

        /// The ResNet's 15 batch norms, one process × batch 64 against 2 ranks × 32 (the ResNet at widths 4, 8, 16,
        /// every block kind of the real one, so that a debug build takes 3 steps in seconds). Per-rank BatchNorm
        /// normalises each shard by its own statistics, so 2 ranks compute another function than one process: step
        /// 1's loss already differs by far more than rounding. SyncBatchNorm normalises by the global batch's:
        /// within the rounding bound, like a model without BatchNorm.
        ///
        /// The running statistics too (what evaluation uses), rank 0's against one process's after 3 steps. Each is
        /// an average of batch means μ and variances σ² with the same momentum weights in both runs, so they differ
        /// only through the inputs x, which differ by at most the loss bound δ = bound(step: 3) relative: |Δμ| ≤
        /// δ·E|x| ≤ δ·√(E x²), with E x² taken as running var + running mean²; σ² is quadratic in x, so |Δσ²| ≤ 2δ·σ².
        /// Per-rank statistics are one shard's, 32 of 64 images: off by the sampling noise of a mean of 32·H·W
        /// values, a hundred times that bound or more.
        @Test func onlySyncBatchNormMakesTheResNetEqualOneProcess() throws {
            let base = ["--model", "resnet-tiny", "--steps", "3", "--fit", "192", "--running", "1"]
            let (one, oneJob) = try Self.losses(base, ranks: 1)
            let (perRank, perRankJob) = try Self.losses(base + ["--statistics", "per-rank"], ranks: 2)
            let (synchronized, synchronizedJob) = try Self.losses(base + ["--statistics", "sync"], ranks: 2)
            try #require(one.count == 3 && perRank.count == 3 && synchronized.count == 3)
            for step in 1...3 {
                #expect(abs(synchronized[step - 1] / one[step - 1] - 1) <= Self.bound(step: step), "step \(step)")
            }
            #expect(abs(perRank[0] / one[0] - 1) > 100 * Self.bound(step: 1), "per-rank statistics: another function")

            let reference = Self.runningStatistics(oneJob)
            // bn1 4 channels, layer1 2·(4 + 4), layer2 8 + 8 + 8 (downsample) + 8 + 8, layer3 the same at 16: 140
            // channels, a mean and a variance each.
            try #require(reference.count == 280, "every running statistic of the 15 batch norms")
            func worstRatio(_ job: MPIJob) -> Double {
                let other = Self.runningStatistics(job)
                return reference.map { name, value -> Double in
                    let delta = Self.bound(step: 3)
                    guard let measured = other[name] else { return .infinity }
                    if name.contains("running_mean") {
                        let variance = reference[name.replacingOccurrences(of: "running_mean", with: "running_var")]!
                        return abs(measured - value) / (delta * (variance + value * value).squareRoot())
                    }
                    return abs(measured - value) / (2 * delta * value)
                }.max() ?? .infinity
            }
            #expect(worstRatio(synchronizedJob) <= 1, "SyncBatchNorm: rank 0's running statistics are one process's")
            #expect(worstRatio(perRankJob) > 100, "per-rank: rank 0's running statistics are its shard's")
        }

        /// "value running NAME[i]: x" of rank 0, by NAME[i].
        static func runningStatistics(_ job: MPIJob) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: job.lines(ofRank: 0).compactMap { line -> (String, Double)? in
                guard line.hasPrefix("value running "), let colon = line.range(of: ": ", options: .backwards),
                      let value = Double(line[colon.upperBound...]) else { return nil }
                return (String(line[line.index(line.startIndex, offsetBy: "value running ".count) ..< colon.lowerBound]), value)
            })
        }
    }
}
