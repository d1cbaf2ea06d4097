import Foundation
import Testing
@testable import Chapters

/// §5.3.3's comparison across seeds of runs on MPI ranks with one process: reading `workbook data-parallel` records.
struct DataParallelSeedsTests {
    /// A `workbook data-parallel` record of the recipe on `ranks` ranks; epoch e's train loss (11 − e)/8 and test
    /// accuracy 0.5, but the last `accuracy` (as TrainingSeedsTests.workbookRecord).
    static func record(seed: Int, ranks: Int, accuracy: Double, epochs: Int = 10, fitLimit: Int = 0,
                       model: String = "cnn", firstEpoch: Int? = nil) throws -> Data {
        var record = RunRecord(command: "data-parallel", section: "5.3.3 改进措施",
                               environment: RunEnvironment(cpuModel: "a CPU", logicalCores: 2, operatingSystem: "Debian"),
                               startedAt: "2026-01-01T00:00:00Z")
        record.seed = UInt64(seed)
        record.blasThreads = 1
        record.parameters = ["ranks": .integer(ranks), "model": .text(model), "global batch size": 64,
                             "learning rate": .number(0.001), "epochs": .integer(epochs),
                             "fit images limit": .integer(fitLimit), "batch norm statistics": .text("per-rank")]
        record.parameters["first epoch"] = firstEpoch.map { .integer($0) }
        record.epochs = (1...epochs).map {
            EpochRecord(epoch: $0, metrics: ["train loss": Double(11 - $0) / 8, "test accuracy": $0 == epochs ? accuracy : 0.5])
        }
        return try JSONEncoder().encode(record)
    }

    @Test func readsRunsOnRanksAndRefusesOtherRecipes() throws {
        let run = try #require(RecipeRun.read(try Self.record(seed: 2, ranks: 2, accuracy: 0.9191), file: "d.json"))
        #expect(run.ranks == 2 && run.seed == 2 && run.threads == 1 && run.engine == .workbook)
        #expect(run.testAccuracy == 0.9191 && run.epochs.count == 10)
        // A quick run, a subset of the fit set, another model, a resumed run: not results of the recipe.
        #expect(RecipeRun.read(try Self.record(seed: 0, ranks: 2, accuracy: 0.9, epochs: 1), file: "q") == nil)
        #expect(RecipeRun.read(try Self.record(seed: 0, ranks: 2, accuracy: 0.9, fitLimit: 2000), file: "s") == nil)
        #expect(RecipeRun.read(try Self.record(seed: 0, ranks: 2, accuracy: 0.9, model: "resnet"), file: "r") == nil)
        #expect(RecipeRun.read(try Self.record(seed: 0, ranks: 2, accuracy: 0.9, firstEpoch: 3), file: "m") == nil)
        // A `workbook training` record is one process.
        let single = try #require(RecipeRun.read(try TrainingSeedsTests.workbookRecord(seed: 1, accuracy: 0.91), file: "t"))
        #expect(single.ranks == 1)
    }

    @Test func comparesTheMeansInStandardErrors() {
        // 2 ranks: 0.92, 0.91, 0.93 → mean 0.92, var 0.0001; one process: 0.91, 0.91, 0.90, 0.92 → mean 0.91,
        // var (0 + 0 + 0.0001 + 0.0001)/3. SE² = 0.0001/3 + 0.0002/3/4; the difference is 0.01.
        let (difference, error) = AccuracySummary([0.92, 0.91, 0.93]).difference(from: AccuracySummary([0.91, 0.91, 0.90, 0.92]))
        #expect(abs(difference - 0.01) < 1e-15)
        #expect(abs(error - (0.0001 / 3 + 0.0002 / 3 / 4).squareRoot()) < 1e-15)
    }

    @Test func everyCommittedRecordOnRanksIsAFullRun() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (runs, skipped) = try RecipeRun.readAll(in: root.appendingPathComponent("Plots/5.3.3-data-parallel/seeds"))
        #expect(skipped.isEmpty)
        #expect(!runs.isEmpty && runs.allSatisfy { $0.ranks == 2 })
    }
}
