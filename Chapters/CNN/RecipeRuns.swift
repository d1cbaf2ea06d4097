import Foundation

/// One finished 10-epoch training of §5.2.3's recipe, read from the record it left: a `workbook training` run.json,
/// a `workbook data-parallel` run.json of the same recipe on N MPI ranks (§5.3.3), or the `RESULT` line of
/// Sources/bench/pytorch_train_reference.py saved as JSON.
public struct RecipeRun: Equatable, Sendable {
    /// Which engine trained.
    public enum Engine: String, Sendable, CaseIterable { case workbook, pytorch }
    /// Whose random draws gave the initial weights and the order of the batches: the workbook's PCG32 streams, or
    /// PyTorch's own generator (`torch.manual_seed`).
    public enum Draws: String, Sendable, CaseIterable { case workbook, torch }

    public var engine: Engine
    public var draws: Draws
    public var seed: Int
    /// Kernel workers (workbook) or torch threads: the rounding of a run depends on them.
    public var threads: Int
    /// MPI ranks that shared each global batch of 64 (`workbook data-parallel`); 1 for one process.
    public var ranks: Int
    /// Per epoch: the mean training loss of its steps and the test accuracy (a fraction) after it.
    public var epochs: [(trainLoss: Double, testAccuracy: Double)]
    /// The record's file name.
    public var file: String
    /// Test accuracy after the last epoch.
    public var testAccuracy: Double { epochs.last!.testAccuracy }

    public init(engine: Engine, draws: Draws, seed: Int, threads: Int, ranks: Int = 1,
                epochs: [(trainLoss: Double, testAccuracy: Double)], file: String) {
        precondition(!epochs.isEmpty, "RecipeRun: no epochs")
        self.engine = engine
        self.draws = draws
        self.seed = seed
        self.threads = threads
        self.ranks = ranks
        self.epochs = epochs
        self.file = file
    }

    public static func == (a: RecipeRun, b: RecipeRun) -> Bool {
        (a.engine, a.draws, a.seed, a.threads, a.ranks, a.file) == (b.engine, b.draws, b.seed, b.threads, b.ranks, b.file)
            && a.epochs.elementsEqual(b.epochs) { $0 == $1 }
    }

    /// The recipe's length: a record of fewer epochs (a quick run) is not a result of the recipe.
    public static let epochs = 10

    /// The run a record describes, or nil when it is a record of something else (another command, a quick run, a
    /// run on a subset of the fit set or on an ImageFolder tree) or no record at all.
    public static func read(_ data: Data, file: String) -> RecipeRun? {
        let decoder = JSONDecoder()
        // Only a PyTorch result has the key "torch"; a workbook record has "command", "section", "environment"….
        if let result = try? decoder.decode(PyTorchRecipeResult.self, from: data) { return pytorchRun(result, file: file) }
        return (try? decoder.decode(RunRecord.self, from: data)).flatMap { workbookRun($0, file: file) }
    }

    /// A `workbook training` run of the whole recipe: parameters "epochs", "fit images limit" (0: all) and
    /// "kernel workers", Fashion-MNIST, and per epoch the metrics "train loss" and "test accuracy".
    private static func workbookRun(_ record: RunRecord, file: String) -> RecipeRun? {
        if record.command == DataParallelStep.command { return dataParallelRun(record, file: file) }
        guard record.command == CNNTrainingStep.command, record.parameters["epochs"] == .integer(epochs),
              record.parameters["fit images limit", default: .integer(0)] == .integer(0),
              TrainingDataSet(recordedIn: record) == .fashionMNIST,
              let seed = record.seed, case .integer(let workers)? = record.parameters["kernel workers"],
              record.epochs.count == epochs
        else { return nil }
        let results = record.epochs.compactMap { epoch -> (Double, Double)? in
            guard let loss = epoch.metrics["train loss"], let accuracy = epoch.metrics["test accuracy"] else { return nil }
            return (loss, accuracy)
        }
        guard results.count == epochs else { return nil }
        return RecipeRun(engine: .workbook, draws: .workbook, seed: Int(seed), threads: workers, epochs: results, file: file)
    }

    /// A `workbook data-parallel` run of the recipe: the CNN, global batch 64, Adam's 0.001, every fit image, 10
    /// epochs from the first (not resumed: a resumed run's early epochs are another process's), rank 0's test
    /// accuracy after each. Its threads are the ranks' BLAS threads (1 each).
    private static func dataParallelRun(_ record: RunRecord, file: String) -> RecipeRun? {
        let p = record.parameters
        guard p["model"] == .text("cnn"), p["global batch size"] == .integer(64), p["learning rate"] == .number(0.001),
              p["epochs"] == .integer(epochs), p["fit images limit", default: .integer(0)] == .integer(0),
              p["first epoch", default: .integer(1)] == .integer(1), case .integer(let ranks)? = p["ranks"],
              let seed = record.seed, record.epochs.count == epochs else { return nil }
        let results = record.epochs.compactMap { epoch -> (Double, Double)? in
            guard let loss = epoch.metrics["train loss"], let accuracy = epoch.metrics["test accuracy"] else { return nil }
            return (loss, accuracy)
        }
        guard results.count == epochs else { return nil }
        return RecipeRun(engine: .workbook, draws: .workbook, seed: Int(seed), threads: record.blasThreads ?? 1,
                         ranks: ranks, epochs: results, file: file)
    }

    /// A pytorch_train_reference.py run of the whole recipe, its test accuracies turned from percent into fractions.
    private static func pytorchRun(_ result: PyTorchRecipeResult, file: String) -> RecipeRun? {
        guard result.epochs.count == epochs, let draws = result.draws else { return nil }
        return RecipeRun(engine: .pytorch, draws: draws, seed: result.seed, threads: result.threads,
                         epochs: result.epochs.map { ($0.loss, $0.test / 100) }, file: file)
    }

    /// Every recipe run recorded in `directory` (*.json), sorted by engine, draws and seed, and the names of the
    /// JSON files that are not one.
    public static func readAll(in directory: URL) throws -> (runs: [RecipeRun], skipped: [String]) {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var runs: [RecipeRun] = [], skipped: [String] = []
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            if let run = read(data, file: file) { runs.append(run) } else { skipped.append(file) }
        }
        func key(_ run: RecipeRun) -> (Int, Int, Int, Int) {
            (Engine.allCases.firstIndex(of: run.engine)!, Draws.allCases.firstIndex(of: run.draws)!, run.seed, run.threads)
        }
        runs.sort { key($0) < key($1) }
        return (runs, skipped)
    }
}

/// The mean of a few test accuracies and how far it can be trusted.
public struct AccuracySummary: Equatable, Sendable {
    public var count: Int
    public var mean: Double
    /// The sample standard deviation (divisor n − 1): how much one run moves with its seed. Zero for one run.
    public var standardDeviation: Double
    /// standardDeviation/√n: how much the mean of n such runs moves.
    public var standardError: Double { count > 0 ? standardDeviation / Double(count).squareRoot() : 0 }

    /// This mean minus `other`'s, and the standard error of that difference, √(se₁² + se₂²) (independent runs).
    public func difference(from other: AccuracySummary) -> (difference: Double, standardError: Double) {
        (mean - other.mean, (standardError * standardError + other.standardError * other.standardError).squareRoot())
    }

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "AccuracySummary: no values")
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        count = values.count
        self.mean = mean
        standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
    }
}
