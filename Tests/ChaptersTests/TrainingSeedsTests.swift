import Foundation
import Testing
@testable import Chapters

/// `workbook training-seeds`: reading both engines' records, and the statistics, on cases worked by hand.
struct TrainingSeedsTests {
    @Test func summaryOfAWorkedExample() {
        // 1, 2, 3, 6: mean 12/4 = 3; squared deviations 4 + 1 + 0 + 9 = 14; sd = √(14/3) (divisor n − 1);
        // standard error = sd/√4. Tolerance: a few roundings of numbers near 1, so 1e-15.
        let summary = AccuracySummary([1, 2, 3, 6])
        #expect(summary.count == 4 && summary.mean == 3)
        #expect(abs(summary.standardDeviation - (14.0 / 3).squareRoot()) < 1e-15)
        #expect(abs(summary.standardError - (14.0 / 3).squareRoot() / 2) < 1e-15)
        let one = AccuracySummary([0.9])
        #expect(one.standardDeviation == 0 && one.standardError == 0)
    }

    @Test func listsSeedsAsARangeOnlyWhenConsecutive() {
        #expect(TrainingSeedsStep.seedList([2, 0, 1, 3]) == "0–3")
        #expect(TrainingSeedsStep.seedList([0, 1]) == "0, 1")
        #expect(TrainingSeedsStep.seedList([0, 2, 5]) == "0, 2, 5")
        #expect(TrainingSeedsStep.seedList([]) == "–")
    }

    /// A `workbook training` record whose epoch e has train loss (11 − e)/8 (exact in binary and in decimal: the
    /// JSON parser need not round correctly) and test accuracy 0.5, but the last `accuracy`. `dataSet` nil: a
    /// record from before the parameter "data set", which names its data only in the description `data`.
    static func workbookRecord(seed: Int, accuracy: Double, epochs: Int = 10, fitLimit: Int = 0,
                               command: String = "training", dataSet: String? = "fashion-mnist",
                               data: String = "Fashion-MNIST (/usr/share/datasets/fashion-mnist): 60000 training images") throws -> Data {
        var record = RunRecord(command: command, section: "5.2.3 模型训练",
                               environment: RunEnvironment(cpuModel: "a CPU", logicalCores: 2, operatingSystem: "Debian"),
                               startedAt: "2026-01-01T00:00:00Z")
        record.seed = UInt64(seed)
        record.parameters = ["epochs": .integer(epochs), "kernel workers": 1, "fit images limit": .integer(fitLimit),
                             "data": .list([.text(data)])]
        record.parameters["data set"] = dataSet.map { .text($0) }
        record.epochs = (1...epochs).map {
            EpochRecord(epoch: $0, metrics: ["train loss": Double(11 - $0) / 8, "test accuracy": $0 == epochs ? accuracy : 0.5])
        }
        return try JSONEncoder().encode(record)
    }

    /// A PyTorch reference result shaped like workbookRecord's, its test accuracy in percent.
    static func pytorchResult(seed: Int, percent: String, randomness: String? = nil, epochs: Int = 10) -> Data {
        let epochList = (1...epochs).map {
            #"{"epoch": \#($0), "loss": \#(Double(11 - $0) / 8), "test": \#($0 == epochs ? percent : "50.0")}"#
        }
        let draws = randomness.map { #", "randomness": "\#($0)""# } ?? ""
        return Data(#"{"seed": \#(seed), "threads": 2, "torch": "2.13.0+cpu"\#(draws), "epochs": [\#(epochList.joined(separator: ", "))]}"#.utf8)
    }

    @Test func readsBothEnginesRecords() throws {
        let ours = RecipeRun.read(try Self.workbookRecord(seed: 4, accuracy: 0.9149), file: "a.json")
        #expect(ours == RecipeRun(engine: .workbook, draws: .workbook, seed: 4, threads: 1,
                                  epochs: Self.epochs(final: 0.9149), file: "a.json"))
        // A result from before --randomness existed used torch's draws; a whole-number percentage is an integer.
        let theirs = RecipeRun.read(Self.pytorchResult(seed: 1, percent: "92"), file: "b.json")
        #expect(theirs == RecipeRun(engine: .pytorch, draws: .torch, seed: 1, threads: 2,
                                    epochs: Self.epochs(final: 0.92), file: "b.json"))
        let same = RecipeRun.read(Self.pytorchResult(seed: 2, percent: "91.5", randomness: "workbook"), file: "c.json")
        #expect(same?.draws == .workbook && same?.testAccuracy == 0.915)
    }

    @Test func leavesOutWhatIsNotTheFullRecipe() throws {
        #expect(RecipeRun.read(try Self.workbookRecord(seed: 0, accuracy: 0.8, epochs: 1), file: "quick") == nil)
        #expect(RecipeRun.read(try Self.workbookRecord(seed: 0, accuracy: 0.8, fitLimit: 6000), file: "subset") == nil)
        #expect(RecipeRun.read(try Self.workbookRecord(seed: 0, accuracy: 0.8, command: "losses"), file: "other") == nil)
        #expect(RecipeRun.read(Self.pytorchResult(seed: 0, percent: "90", epochs: 3), file: "short") == nil)
        #expect(RecipeRun.read(Self.pytorchResult(seed: 0, percent: "90", randomness: "numpy"), file: "draws") == nil)
        #expect(RecipeRun.read(Data("[1, 2]".utf8), file: "list") == nil)
        #expect(RecipeRun.read(Data("not JSON".utf8), file: "text") == nil)
    }

    @Test func aFashionMNISTRunIsKnownByItsRecordedDataSet() throws {
        #expect(RecipeRun.read(try Self.workbookRecord(seed: 0, accuracy: 0.8, dataSet: "image-folder",
                                                       data: "Fashion-MNIST lookalike"), file: "folder") == nil)
        #expect(RecipeRun.read(try Self.workbookRecord(seed: 0, accuracy: 0.8, dataSet: "cifar-10"), file: "unknown") == nil)
        // Records older than the parameter: what their description names first.
        let old = RecipeRun.read(try Self.workbookRecord(seed: 3, accuracy: 0.9, dataSet: nil), file: "old")
        #expect(old?.seed == 3 && old?.testAccuracy == 0.9)
        #expect(RecipeRun.read(try Self.workbookRecord(seed: 3, accuracy: 0.9, dataSet: nil,
                                                       data: "classes → indices (sorted folder names, as torchvision): a → 0"),
                               file: "old folder") == nil)
        var options = CNNTrainingOptions()
        #expect(options.dataSet == .fashionMNIST)
        (options.trainDirectory, options.testDirectory) = ("train", "test")
        #expect(options.dataSet == .imageFolder)
    }

    /// Ten epochs as in workbookRecord, the losses scaled by `lossScale`.
    static func epochs(final: Double, lossScale: Double = 1) -> [(trainLoss: Double, testAccuracy: Double)] {
        (1...10).map { epoch -> (trainLoss: Double, testAccuracy: Double) in
            (lossScale * Double(11 - epoch) / 8, epoch == 10 ? final : 0.5)
        }
    }

    static func run(_ engine: RecipeRun.Engine, _ draws: RecipeRun.Draws, _ seed: Int, _ accuracy: Double,
                    lossScale: Double = 1) -> RecipeRun {
        RecipeRun(engine: engine, draws: draws, seed: seed, threads: 1,
                  epochs: epochs(final: accuracy, lossScale: lossScale), file: "\(seed)")
    }

    @Test func comparesGroupsAndSameDraws() throws {
        let comparison = SeedComparison([
            Self.run(.workbook, .workbook, 2, 0.91), Self.run(.workbook, .workbook, 0, 0.92), Self.run(.workbook, .workbook, 1, 0.90),
            Self.run(.workbook, .workbook, 3, 0.93),
            Self.run(.pytorch, .torch, 0, 0.92), Self.run(.pytorch, .torch, 1, 0.94),
            Self.run(.pytorch, .workbook, 1, 0.905, lossScale: 1.25), Self.run(.pytorch, .workbook, 3, 0.92),
        ])
        #expect(comparison.groups.map(\.label) == ["workbook, workbook draws", "PyTorch, workbook draws", "PyTorch, torch draws"])
        let ours = try #require(comparison.group(.workbook, .workbook))
        #expect(ours.runs.map(\.seed) == [0, 1, 2, 3])
        // (0.92 + 0.90 + 0.91 + 0.93)/4 = 0.915.
        #expect(abs(ours.summary.mean - 0.915) < 1e-15)
        // Same draws: seeds 1 and 3, workbook − PyTorch = −0.005 and +0.01.
        #expect(comparison.sameDraws.map(\.seed) == [1, 3])
        #expect(abs(comparison.sameDraws[0].difference + 0.005) < 1e-15 && abs(comparison.sameDraws[1].difference - 0.01) < 1e-15)
        // Per epoch: 0.5 − 0.5 = 0 in epochs 1–9, then the final difference.
        #expect(comparison.sameDraws[0].accuracyDifferences.dropLast() == Array(repeating: 0, count: 9))
        #expect(comparison.sameDraws[0].accuracyDifferences.last == comparison.sameDraws[0].difference)
        // Seed 1's PyTorch losses are 1.25× the workbook's: 1/1.25 − 1 = −0.2 in every epoch (within
        // rounding of the two divisions); seed 3's are equal.
        #expect(comparison.sameDraws[0].relativeLossDifferences.allSatisfy { abs($0 + 0.2) < 1e-15 })
        #expect(comparison.sameDraws[1].relativeLossDifferences == Array(repeating: 0, count: 10))
        // Against PyTorch's own draws: 0.915 − 0.93 = −0.015. se² = var₁/4 + var₂/2 with var₁ = (0.015² + 0.005² + 0.005² + 0.015²)/3
        // = 0.0005/3 and var₂ = (0.01² + 0.01²)/1 = 0.0002.
        let (difference, error) = try #require(comparison.workbookMeanDifference(from: comparison.group(.pytorch, .torch)!))
        #expect(abs(difference + 0.015) < 1e-15)
        #expect(abs(error - (0.0005 / 3 / 4 + 0.0002 / 2).squareRoot()) < 1e-15)
        // PyTorch from the workbook's draws: seeds 1 and 3, 0.9125; 0.915 − 0.9125 = 0.0025.
        let sameDraws = try #require(comparison.workbookMeanDifference(from: comparison.group(.pytorch, .workbook)!))
        #expect(abs(sameDraws.difference - 0.0025) < 1e-15)
    }

    @Test func everyCommittedRecordIsAFullRun() throws {
        // Plots/5.2.3-training/seeds holds only full 10-epoch runs of the recipe: none may be left out silently.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (runs, skipped) = try RecipeRun.readAll(in: root.appendingPathComponent("Plots/5.2.3-training/seeds"))
        #expect(skipped.isEmpty)
        // Named by the tool that wrote them: seed-N-… by `workbook training`, pytorch-… by the PyTorch script.
        #expect(runs.allSatisfy { ($0.engine == .pytorch) == $0.file.hasPrefix("pytorch-") })
        #expect(Set(runs.map(\.engine)) == [.workbook, .pytorch])
    }

    @Test func divergenceOfAWorkedExample() {
        // PyTorch's losses all 1; the workbook's 1, 1 + 2⁻³⁰, 1 − 2⁻¹⁸, 1 + 2⁻¹², 1 + 2⁻⁶ (exact in binary): relative
        // differences 0, 9.3e-10, 3.8e-6, 2.4e-4, 1.6e-2. So 1e-6 is first reached at step 3, 1e-4 at step 4 and
        // 1e-2 at step 5: four decades in two steps, 0.5 steps per decade.
        let divergence = StepDivergence(seed: 0, workbook: [1, 1 + 0x1p-30, 1 - 0x1p-18, 1 + 0x1p-12, 1 + 0x1p-6],
                                        pytorch: [1, 1, 1, 1, 1])
        #expect(divergence.relativeDifferences == [0, 0x1p-30, 0x1p-18, 0x1p-12, 0x1p-6])
        #expect(divergence.firstStep(reaching: 1e-6) == 3 && divergence.firstStep(reaching: 1e-4) == 4)
        #expect(divergence.firstStep(reaching: 1e-2) == 5 && divergence.firstStep(reaching: 0.1) == nil)
        #expect(divergence.stepsPerDecade == 0.5)
        // Never 1e-2 apart: no growth rate.
        #expect(StepDivergence(seed: 0, workbook: [1, 1.001], pytorch: [1, 1]).stepsPerDecade == nil)
    }

    @Test func readsOnlyTracesOfTheWorkbooksDraws() throws {
        func trace(_ fields: String) -> Data {
            Data(#"{"seed": 3, "threads": 1, "torch": "2.13.0+cpu", "epochs": [{"epoch": 1, "loss": 0.4, "test": 88.2}]\#(fields)}"#.utf8)
        }
        let read = try #require(StepDivergence.pytorchTrace(trace(#", "randomness": "workbook", "first_step_losses": [2.25, 2, 1.5]"#)))
        #expect(read.seed == 3 && read.losses == [2.25, 2, 1.5])
        for other in [#", "randomness": "torch", "first_step_losses": [2.25]"#,
                      #", "first_step_losses": [2.25]"#,
                      #", "randomness": "workbook", "first_step_losses": []"#,
                      #", "randomness": "workbook""#] {
            #expect(StepDivergence.pytorchTrace(trace(other)) == nil)
        }
    }
}
