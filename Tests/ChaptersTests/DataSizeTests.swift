import Foundation
import Testing
import Datasets
@testable import Chapters

/// §9.2: the training length per size, the stratified nested subsets, the power-law fit and the curve's points,
/// on cases worked by hand.
struct DataSizeTests {
    /// The full budget's lengths, by hand (batch 64, 10 epochs, at least 1,500 steps): 500 images are ⌈500/64⌉ = 8
    /// batches, so ⌈1500/8⌉ = 188 epochs of 1,504 steps; 1,000 → 16 batches, 94 epochs, 1,504; 2,000 → 32, 47, 1,504;
    /// 5,000 → 79, 19, 1,501; 10,000 → 157 batches, 10 epochs (1,570 ≥ 1,500); 20,000 → 313, 10, 3,130; 55,000 →
    /// 860, 10, 8,600 (the §5.2.3 recipe itself). Per seed 10,713 steps, 677,000 images (PLAN.md's table).
    @Test func theLengthPerSize() {
        let budget = DataSizeBudget.full
        let expected: [(Int, Int, Int)] = [(500, 188, 1504), (1000, 94, 1504), (2000, 47, 1504), (5000, 19, 1501),
                                           (10000, 10, 1570), (20000, 10, 3130), (55000, 10, 8600)]
        for (n, epochs, steps) in expected {
            #expect(budget.epochs(images: n) == epochs, "n = \(n)")
            #expect(budget.steps(images: n) == steps, "n = \(n)")
        }
        #expect(budget.sizes.reduce(0) { $0 + budget.steps(images: $1) } == 10_713)
        #expect(budget.sizes.reduce(0) { $0 + $1 * budget.epochs(images: $1) } == 677_000)
    }

    /// 10 classes × 12 images whose single pixel is its index: a subset has size/10 of every class, one seed's
    /// smaller subset lies inside its larger one, another seed draws other images, and bad sizes are errors.
    @Test func subsetsAreStratifiedAndNested() throws {
        let labels = (0 ..< 120).map { $0 % 10 }
        let images = LabeledImages(width: 1, height: 1, channels: 1, pixels: (0 ..< 120).map(UInt8.init), labels: labels,
                                   classNames: (0 ..< 10).map(String.init))
        let small = try DataSizeExperiment.stratifiedSubset(of: images, size: 30, seed: 0)
        let large = try DataSizeExperiment.stratifiedSubset(of: images, size: 80, seed: 0)
        for c in 0 ..< 10 {
            #expect(small.labels.filter { $0 == c }.count == 3)
            #expect(large.labels.filter { $0 == c }.count == 8)
        }
        // The pixel is the image's index: the labels travel with their images.
        #expect(zip(small.pixels, small.labels).allSatisfy { Int($0.0) % 10 == $0.1 })
        #expect(Set(small.pixels).isSubset(of: Set(large.pixels)))
        let other = try DataSizeExperiment.stratifiedSubset(of: images, size: 30, seed: 1)
        #expect(Set(other.pixels) != Set(small.pixels))
        #expect(throws: OptionError("a fit-set size must be a positive multiple of the 10 classes, got 35")) {
            try DataSizeExperiment.stratifiedSubset(of: images, size: 35, seed: 0)
        }
        #expect(throws: OptionError("class 0 has 12 images, fewer than k = 13")) {
            try DataSizeExperiment.stratifiedSubset(of: images, size: 130, seed: 0)
        }
    }

    static let sizes: [Double] = [500, 1000, 2000, 5000, 10000, 20000, 55000]

    /// Exact points of error = 2·n^(−0.5) + 0.05 give back a = 2, b = 0.5, c = 0.05: the truth's squared residual is
    /// 0, the least possible. Tolerance 1e-6 relative: the golden-section search stops at a relative width of 1e-10
    /// in b, and a and c follow from b through a linear solve whose condition number over these sizes is ~1e2.
    @Test func recoversAKnownPowerLaw() throws {
        let fit = try #require(PowerLawFit(Self.sizes.map { (n: $0, error: 2 * pow($0, -0.5) + 0.05) }))
        #expect(abs(fit.a - 2) < 2e-6 && abs(fit.b - 0.5) < 5e-7 && abs(fit.c - 0.05) < 5e-8, "\(fit)")
        #expect(fit.squaredResidual < 1e-20)
        #expect(abs(fit.error(at: 110_000) - (2 / 110_000.0.squareRoot() + 0.05)) < 1e-8)
    }

    /// Without a floor (error = 3·n^(−0.3)), the fit's c stays at 0 (never negative) and b is recovered.
    @Test func aPurePowerLawHasNoFloor() throws {
        let fit = try #require(PowerLawFit(Self.sizes.map { (n: $0, error: 3 * pow($0, -0.3)) }))
        #expect(fit.c >= 0 && fit.c < 1e-8, "\(fit)")
        #expect(abs(fit.b - 0.3) < 1e-6 && abs(fit.a - 3) < 1e-5, "\(fit)")
        // A curve that would need a negative floor is fitted with c = 0 exactly (the constrained branch).
        let falling = try #require(PowerLawFit(Self.sizes.map { (n: $0, error: 3 * pow($0, -0.3) - 0.02) }))
        #expect(falling.c == 0)
    }

    /// On noisy points the fit is a least-squares minimum: its squared residual is no larger than that of the
    /// parameters the points were made from (the search covers b = 0.4, where the linear part alone already
    /// matches the truth's residual or beats it).
    @Test func noisyPointsFitAtLeastAsWellAsTheTruth() throws {
        let noise = [0.004, -0.003, 0.002, -0.004, 0.001, 0.003, -0.002, 0.0, -0.001, 0.002, 0.003, -0.003, 0.001, -0.002]
        let points = (0 ..< 14).map { i -> (n: Double, error: Double) in
            let n = Self.sizes[i % 7]
            return (n, 1.5 * pow(n, -0.4) + 0.07 + noise[i])
        }
        let truth = points.reduce(0) { $0 + pow($1.error - (1.5 * pow($1.n, -0.4) + 0.07), 2) }
        let fit = try #require(PowerLawFit(points))
        #expect(fit.squaredResidual <= truth)
        #expect(abs(fit.b - 0.4) < 0.1, "\(fit)")
        #expect(PowerLawFit([(n: 100, error: 0.3), (n: 200, error: 0.2)]) == nil)
        #expect(PowerLawFit([(n: 100, error: 0.3), (n: 100, error: 0.2), (n: 100, error: 0.25)]) == nil)
    }

    /// The curve's points: per size the seeds' mean at half and at the end, the paired second-half gain; the whole
    /// fit set's point from §5.2.3 records, its halfway value the accuracy after epoch 5 of 10. Tolerance 1e-15: each
    /// figure is a mean (or sd) of two or three values below 1, a few roundings of ~1.1e-16 each.
    @Test func theCurvesPoints() throws {
        func run(_ size: Int, _ seed: Int, _ half: Double, _ end: Double) -> DataSizeRun {
            DataSizeRun(size: size, seed: seed, epochs: 10, steps: 100, trainingSeconds: 1, finalTrainLoss: 0.1,
                        halfwayTestAccuracy: half, testAccuracy: end)
        }
        let results = DataSizeResults(budget: .quick, runs: [run(200, 0, 0.60, 0.64), run(100, 0, 0.50, 0.55),
                                                             run(100, 1, 0.52, 0.55), run(200, 1, 0.62, 0.64)])
        let record = RecipeRun(engine: .workbook, draws: .workbook, seed: 0, threads: 1,
                               epochs: (1 ... 10).map { (trainLoss: 1 / Double($0), testAccuracy: 0.80 + 0.01 * Double($0)) },
                               file: "seed-0-1-thread.json")
        let curve = LearningCurve(results: results, wholeFitSet: [record])
        #expect(curve.points.map(\.size) == [100, 200, 55_000])
        #expect(abs(curve.points[0].final.mean - 0.55) < 1e-15 && abs(curve.points[0].halfway.mean - 0.51) < 1e-15)
        // Gains 0.05 and 0.03: mean 0.04, sd √((0.01² + 0.01²)/1) = 0.01√2.
        #expect(abs(curve.points[0].secondHalfGain.mean - 0.04) < 1e-15)
        #expect(abs(curve.points[0].secondHalfGain.standardDeviation - 0.01 * 2.0.squareRoot()) < 1e-15)
        #expect(abs(curve.points[2].halfway.mean - 0.85) < 1e-15 && abs(curve.points[2].final.mean - 0.90) < 1e-15)
        #expect(curve.runCount == 5)
        #expect(curve.fit != nil)
    }

    /// A `--train` leaves its finished runs in results.partial.json after each one; the next reads them back.
    @Test func partialResultsRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("data-size-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let partial = PartialResults(folder: folder)
        #expect(try partial.read() == nil)
        let results = DataSizeResults(budget: .full, runs: [
            DataSizeRun(size: 500, seed: 0, epochs: 188, steps: 1504, trainingSeconds: 140, finalTrainLoss: 0.001,
                        halfwayTestAccuracy: 0.78, testAccuracy: 0.79)])
        try partial.write(results)
        #expect(try partial.read() == results)
        try partial.remove()
        #expect(try partial.read() == nil)
    }
}
