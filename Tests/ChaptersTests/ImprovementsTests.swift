import Foundation
import Testing
@testable import Datasets
import DeepLearning
import Training
@testable import Chapters

/// §5.3.3's ablation: recipes, their records read back, the table's statistics and budgets, on cases worked by hand.
struct ImprovementsTests {
    @Test func everyRowsRecipeSurvivesItsRecord() throws {
        #expect(Set(AblationRow.all.map(\.name)).count == AblationRow.all.count)
        for row in AblationRow.all {
            // Through JSON, as a record is written and read: the reader compares the recipe it finds with the row's.
            let data = try JSONEncoder().encode(row.recipe.recordParameters)
            let decoded = try JSONDecoder().decode([String: RecordValue].self, from: data)
            #expect(ImprovementRecipe(recordParameters: decoded) == row.recipe, "\(row.name)")
        }
        #expect(AblationRow.named("best")?.seeds == [0, 1, 2, 3, 4])
        #expect(AblationRow.named("baseline")?.recipe == ImprovementRecipe())  // §5.2.3's recipe
    }

    /// 10 epochs of 860 steps (55,000 / 64, rounded up): warm-up over the first epoch from 0.1·α, cosine to 0 at
    /// step 8,600, so step 860 has α and step 8,600 would have 0; one-cycle spans the same 8,600 steps.
    @Test func schedulesSpanTheRun() {
        var recipe = ImprovementRecipe()
        recipe.schedule = .warmupCosine
        #expect(recipe.learningRateSchedule(stepsPerEpoch: 860) == .warmupCosine(warmupSteps: 860, totalSteps: 8600, startFactor: 0.1))
        recipe.schedule = .oneCycle
        #expect(recipe.learningRateSchedule(stepsPerEpoch: 860) == .oneCycle(totalSteps: 8600))
        recipe.schedule = .constant
        #expect(recipe.learningRateSchedule(stepsPerEpoch: 860) == .constant)
    }

    @Test func recipesBuildTheirModels() throws {
        let costs = try AblationTable.costs(of: AblationRow.all)
        // The parameter counts pinned against PyTorch in SmallModelsTests (models.json).
        #expect(costs["baseline"]?.parameters == 878_730)
        #expect(costs["resnet"]?.parameters == 174_970)
        #expect(costs["densenet-aug-cosine"]?.parameters == 175_690)
    }

    /// A workbook record of `row` whose epoch e (1-based) took 60 s and reached accuracy `accuracies[e − 1]`.
    static func workbookRecord(_ row: AblationRow, seed: Int, accuracies: [Double], fitLimit: Int = 0) -> RunRecord {
        var record = RunRecord(command: "improvements", section: "5.3.3 改进措施",
                               environment: RunEnvironment(cpuModel: "a CPU", logicalCores: 2, operatingSystem: "Debian"),
                               startedAt: "2026-01-01T00:00:00Z")
        record.seed = UInt64(seed)
        record.parameters = row.recipe.recordParameters
        record.parameters["row"] = .text(row.name)
        record.parameters["kernel workers"] = 2
        record.parameters["fit images limit"] = .integer(fitLimit)
        record.epochs = accuracies.enumerated().map { e, accuracy in
            EpochRecord(epoch: e + 1, metrics: ["train loss": 1, "validation loss": 0.5, "validation accuracy": 0.9,
                                                "test accuracy": accuracy], seconds: 60)
        }
        return record
    }

    /// The PyTorch twin's RESULT object for `row`, as pytorch_train_reference.py --row writes it.
    static func pytorchResult(_ row: String, recipe: [String: Any], seed: Int, tests: [Double], fitImages: Int = 55000) throws -> Data {
        let epochs = tests.enumerated().map { e, test in
            ["epoch": e + 1, "loss": 0.3, "val_loss": 0.3, "val": 90.0, "test": test, "seconds": 50.0] as [String: Any]
        }
        return try JSONSerialization.data(withJSONObject: [
            "row": row, "recipe": recipe, "seed": seed, "threads": 2, "torch": "2.13.0+cpu", "fit_images": fitImages,
            "epochs": epochs,
        ] as [String: Any])
    }

    /// The twin's recipe for the baseline, as Python's json.dumps writes it (0.0 and 0.001 as floats).
    static var baselineRecipe: [String: Any] { [
        "model": "cnn", "augmentation": [String](), "schedule": "constant", "weight decay": 0.0, "optimizer": "Adam",
        "label smoothing": 0.0, "test-time augmentation": false, "epochs": 10, "batch size": 64, "learning rate": 0.001,
    ] }

    @Test func recordsOfBothEnginesReadBackAndOthersAreRefused() throws {
        let baseline = AblationRow.named("baseline")!
        let tenEpochs = Array(repeating: 0.9, count: 10)
        let run = try #require(AblationRun.workbookRun(Self.workbookRecord(baseline, seed: 1, accuracies: tenEpochs),
                                                       row: baseline, file: "x"))
        #expect(run.engine == .workbook && run.seed == 1 && run.threads == 2 && run.trainingSeconds == 600)
        // A quick run (fit subset), a record of fewer epochs, or another row's recipe is not a result of this row.
        #expect(AblationRun.workbookRun(Self.workbookRecord(baseline, seed: 1, accuracies: tenEpochs, fitLimit: 256),
                                        row: baseline, file: "x") == nil)
        #expect(AblationRun.workbookRun(Self.workbookRecord(baseline, seed: 1, accuracies: [0.9]), row: baseline, file: "x") == nil)
        #expect(AblationRun.workbookRun(Self.workbookRecord(baseline, seed: 1, accuracies: tenEpochs),
                                        row: AblationRow.named("cnn-aug")!, file: "x") == nil)

        let torch = try #require(AblationRun.read(try Self.pytorchResult("baseline", recipe: Self.baselineRecipe, seed: 2,
                                                                          tests: Array(repeating: 91.5, count: 10)),
                                                  row: baseline, file: "p"))
        #expect(torch.engine == .pytorch && torch.seed == 2 && torch.testAccuracy == 0.915)
        var changed = Self.baselineRecipe
        changed["learning rate"] = 0.002
        #expect(AblationRun.read(try Self.pytorchResult("baseline", recipe: changed, seed: 2, tests: Array(repeating: 91.5, count: 10)),
                                 row: baseline, file: "p") == nil)
        #expect(AblationRun.read(try Self.pytorchResult("baseline", recipe: Self.baselineRecipe, seed: 2,
                                                        tests: Array(repeating: 91.5, count: 10), fitImages: 2000),
                                 row: baseline, file: "p") == nil)
    }

    /// Ours 0.90, 0.92, 0.94 at the last epoch (0.80 + 0.01·e before it), PyTorch 0.91, 0.93; every epoch takes 60 s.
    @Test func theTableOnAWorkedExample() throws {
        let baseline = AblationRow.named("baseline")!
        let ours = try [0.90, 0.92, 0.94].enumerated().map { seed, final in
            try #require(AblationRun.workbookRun(
                Self.workbookRecord(baseline, seed: seed, accuracies: (1...10).map { $0 == 10 ? final : 0.80 + 0.01 * Double($0) }),
                row: baseline, file: "x"))
        }
        let torch = try [0.91, 0.93].enumerated().map { seed, final in
            try #require(AblationRun.read(try Self.pytorchResult("baseline", recipe: Self.baselineRecipe, seed: seed,
                                                                 tests: Array(repeating: 100 * final, count: 10)),
                                          row: baseline, file: "p"))
        }
        // A run of an undeclared seed (7) is left out of the statistics.
        let stray = try #require(AblationRun.workbookRun(Self.workbookRecord(baseline, seed: 7, accuracies: Array(repeating: 0.5, count: 10)),
                                                         row: baseline, file: "x"))
        let table = AblationTable(rows: [baseline], runs: ours + torch + [stray], costs: try AblationTable.costs(of: [baseline]))
        let line = table.lines[0]
        // Ours: mean 0.92, sd 0.02 (deviations ±0.02, 0: √(0.0008/2)); PyTorch: mean 0.92, sd √(2·0.01²/1) = 0.01414.
        // Means equal: Δ = 0 standard errors. Tolerances: a few roundings of numbers near 1.
        #expect(abs(line.oursAccuracy!.mean - 0.92) < 1e-12 && abs(line.oursAccuracy!.standardDeviation - 0.02) < 1e-12)
        #expect(abs(line.pytorchAccuracy!.mean - 0.92) < 1e-12)
        #expect(abs(line.differenceInStandardErrors!) < 1e-9)
        #expect(line.missingSeeds.ours.isEmpty && line.missingSeeds.pytorch == [2])
        // 55,000 × 10 images in 600 s.
        #expect(abs(line.imagesPerSecond! - 550_000.0 / 600) < 1e-9)
        // Equal epochs: epoch 10 is the last. Equal time 300 s: epoch 5 of a constant-rate run, 0.85 in every seed.
        #expect(abs(line.accuracy(atEqualEpochs: 10)!.mean - 0.92) < 1e-12)
        let early = try #require(line.accuracy(withinSeconds: 300))
        #expect(!early.finished && abs(early.summary.mean - 0.85) < 1e-12)
        #expect(line.accuracy(withinSeconds: 600)?.finished == true)
        #expect(line.accuracy(withinSeconds: 30) == nil)  // not one epoch within the budget

        // A scheduled recipe cut short is another recipe: no equal-time reading.
        let scheduled = AblationRow.named("cnn-aug-cosine")!
        let cosine = try #require(AblationRun.workbookRun(Self.workbookRecord(scheduled, seed: 0, accuracies: Array(repeating: 0.9, count: 10)),
                                                          row: scheduled, file: "x"))
        let other = AblationTable(rows: [scheduled], runs: [cosine], costs: try AblationTable.costs(of: [scheduled]))
        #expect(other.lines[0].accuracy(withinSeconds: 300) == nil)
        #expect(other.lines[0].accuracy(withinSeconds: 600)?.finished == true)
        #expect(table.text.contains("92.00 ± 2.00% (n=3)"))
    }

    @Test func badOptionsGetOneLine() {
        var options = ImprovementsOptions()
        options.train = true
        #expect(throws: OptionError("--train needs --row: one of " + ImprovementsOptions.rowNames)) { try options.validate() }
        options.row = "resnet-xl"
        #expect(throws: OptionError("unknown row \"resnet-xl\"; rows: " + ImprovementsOptions.rowNames)) { try options.validate() }
        options.train = false
        options.row = "resnet"
        #expect(throws: OptionError("--row goes with --train (the table shows every row)")) { try options.validate() }
    }

    /// Quick mode's machinery on one row: its 8-step run's record reads back as a run of its recipe (debug build:
    /// the baseline CNN only; `workbook improvements --quick` runs every row in CI).
    @Test func aQuickRunReadsBackAsARunOfItsRow() throws {
        let train = try FashionMNIST.load(.train, verifyChecksums: false)
        let test = try FashionMNIST.load(.test, verifyChecksums: false)
        let splits = DataSplits(fit: train.subset(0..<ImprovementsOptions.quickFit), validation: train.subset(55000..<55050),
                                test: test.subset(0..<50), description: ["test"])
        let context = RunContext(step: ImprovementsStep.self, plotsRoot: FileManager.default.temporaryDirectory,
                                 rendersCharts: false, speaks: false)
        var options = ImprovementsOptions()
        options.threads = 1
        let runs = try BLASThreads.with(1) {
            try KernelWorkers.$count.withValue(1) {
                try ImprovementsStep.quickRuns([AblationRow.named("baseline")!.quickForm], splits: splits, options: options, in: context)
            }
        }
        #expect(runs.count == 1 && runs[0].epochs.count == 2 && runs[0].fitImages == 256)
    }
}

/// The learning-rate × batch grid: its cells are rows like any other, and the heatmap puts each record in its cell.
struct HyperparameterGridTests {
    @Test func cellsAreNamedRowsOfTheBaselineRecipe() throws {
        let rows = HyperparameterGrid.rows
        #expect(rows.count == 12)
        let cell = try #require(AblationRow.named("grid-lr0.003-b128"))
        var expected = ImprovementRecipe()
        (expected.learningRate, expected.batchSize, expected.epochs) = (0.003, 128, 3)
        #expect(cell.recipe == expected)
        #expect(Set(rows.map(\.name)).isDisjoint(with: AblationRow.all.map(\.name)))
        var options = ImprovementsOptions()
        (options.train, options.row) = (true, "grid-lr0.0003-b32")
        #expect(throws: Never.self) { try options.validate() }
    }

    /// Records of three cells, read back through the same reader as the table's, land at [rate][batch]; the
    /// others stay empty, and a record of another recipe (10 epochs) is not a run of the cell.
    @Test func recordsLandInTheirCells() throws {
        let rows = HyperparameterGrid.rows
        func run(_ name: String, accuracy: Double, epochs: Int = 3) -> AblationRun? {
            let row = AblationRow.named(name)!
            var record = ImprovementsTests.workbookRecord(row, seed: 0, accuracies: Array(repeating: accuracy, count: epochs))
            if epochs != 3 { record.parameters["epochs"] = .integer(epochs) }
            return AblationRun.workbookRun(record, row: row, file: name)
        }
        let runs = [run("grid-lr0.001-b64", accuracy: 0.9), run("grid-lr0.0003-b256", accuracy: 0.8),
                    run("grid-lr0.003-b32", accuracy: 0.85)].compactMap { $0 }
        #expect(runs.count == 3)
        #expect(run("grid-lr0.001-b32", accuracy: 0.7, epochs: 10) == nil)
        let grid = HyperparameterGrid.accuracies(runs, rows: rows)
        #expect(grid[1][1] == 90 && grid[0][3] == 80 && grid[2][0] == 85)
        #expect(grid.flatMap { $0 }.compactMap { $0 }.count == 3)
    }
}
