import Foundation

/// One finished run of an ablation row, read back from its record: a `workbook improvements --train` run.json
/// (Plots/5.3.3-improvements/runs/<row>/seed-N/run.json) or the `RESULT` line of
/// `pytorch_train_reference.py --row <row>` saved as runs/<row>/pytorch-seed-N.json.
public struct AblationRun: Equatable, Sendable {
    public enum Engine: String, Sendable, CaseIterable { case workbook, pytorch }

    /// What one epoch left: its training seconds (evaluation excluded) and the metrics after it.
    public struct Epoch: Equatable, Sendable {
        public var seconds: Double
        public var trainLoss: Double
        public var validationLoss: Double
        public var validationAccuracy: Double
        /// A fraction; with TTA the flip-averaged accuracy.
        public var testAccuracy: Double
    }

    public var engine: Engine
    public var row: String
    public var seed: Int
    /// Kernel workers (workbook) or torch threads.
    public var threads: Int
    public var epochs: [Epoch]
    /// Fit images per epoch (55,000 in a full run).
    public var fitImages = AblationTable.fitImages
    /// The record's path below the runs folder.
    public var file: String
    /// The training process's peak resident memory (the record's getrusage figure, PyTorch's `peak_rss_mib`).
    public var peakResidentMiB: Double?

    public var testAccuracy: Double { epochs.last!.testAccuracy }
    public var trainingSeconds: Double { epochs.reduce(0) { $0 + $1.seconds } }
    /// Training seconds up to the end of each epoch.
    public var cumulativeSeconds: [Double] {
        var total = 0.0
        return epochs.map { total += $0.seconds; return total }
    }

    public init(engine: Engine, row: String, seed: Int, threads: Int, epochs: [Epoch], file: String) {
        (self.engine, self.row, self.seed, self.threads, self.epochs, self.file) = (engine, row, seed, threads, epochs, file)
    }

    /// The run a record describes, when it is a whole run of `row`'s current recipe on all 55,000 fit images; nil
    /// for anything else (another recipe, a quick run, a record of another command).
    /// `command`: the step whose `--train` wrote the workbook's records (§5.3.3's, or §9.1's for its rows).
    public static func read(_ data: Data, row: AblationRow, file: String,
                            command: String = ImprovementsStep.command) -> AblationRun? {
        if let result = try? JSONDecoder().decode(PyTorchAblationResult.self, from: data) {
            return pytorchRun(result, row: row, file: file)
        }
        guard let record = try? JSONDecoder().decode(RunRecord.self, from: data) else { return nil }
        return workbookRun(record, row: row, file: file, command: command)
    }

    /// A run from a record this workbook wrote (parameters: "row", the recipe, "fit images limit" 0 or, for a
    /// quick run, `fitImages`, "kernel workers"; one epoch record per epoch).
    public static func workbookRun(_ record: RunRecord, row: AblationRow, file: String, fitImages: Int? = nil,
                                   command: String = ImprovementsStep.command) -> AblationRun? {
        guard record.command == command, record.parameters["row"] == .text(row.name),
              ImprovementRecipe(recordParameters: record.parameters) == row.recipe,
              record.parameters["fit images limit"] == .integer(fitImages ?? 0), let seed = record.seed,
              case .integer(let workers)? = record.parameters["kernel workers"],
              record.epochs.count == row.recipe.epochs
        else { return nil }
        let epochs = record.epochs.compactMap { epoch -> Epoch? in
            let m = epoch.metrics
            guard let seconds = epoch.seconds, let loss = m["train loss"], let validationLoss = m["validation loss"],
                  let validation = m["validation accuracy"], let test = m["test accuracy"] else { return nil }
            return Epoch(seconds: seconds, trainLoss: loss, validationLoss: validationLoss,
                         validationAccuracy: validation, testAccuracy: test)
        }
        guard epochs.count == row.recipe.epochs else { return nil }
        var run = AblationRun(engine: .workbook, row: row.name, seed: Int(seed), threads: workers, epochs: epochs, file: file)
        run.fitImages = fitImages ?? AblationTable.fitImages
        run.peakResidentMiB = record.peakResidentMiB
        return run
    }

    private static func pytorchRun(_ result: PyTorchAblationResult, row: AblationRow, file: String) -> AblationRun? {
        guard result.row == row.name, ImprovementRecipe(recordParameters: result.recipe) == row.recipe,
              result.fitImages == 55000, result.epochs.count == row.recipe.epochs else { return nil }
        let epochs = result.epochs.map {
            Epoch(seconds: $0.seconds, trainLoss: $0.loss, validationLoss: $0.valLoss, validationAccuracy: $0.val / 100,
                  testAccuracy: $0.test / 100)
        }
        var run = AblationRun(engine: .pytorch, row: row.name, seed: result.seed, threads: result.threads, epochs: epochs,
                              file: file)
        run.peakResidentMiB = result.peakResidentMiB
        return run
    }

    /// Every run of `rows` recorded under `runs` (runs/<row>/seed-N/run.json and runs/<row>/pytorch-*.json), and
    /// the record files that are not a run of their row's current recipe.
    public static func readAll(in runs: URL, rows: [AblationRow],
                               command: String = ImprovementsStep.command) throws -> (runs: [AblationRun], skipped: [String]) {
        let files = FileManager.default
        var found: [AblationRun] = [], skipped: [String] = []
        for row in rows {
            let folder = runs.appendingPathComponent(row.name)
            guard let entries = try? files.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries.sorted() {
                let path = entry.hasSuffix(".json") ? entry : "\(entry)/run.json"
                let url = folder.appendingPathComponent(path)
                guard files.fileExists(atPath: url.path) else { continue }
                let name = "\(row.name)/\(path)"
                if let run = read(try Data(contentsOf: url), row: row, file: name, command: command) { found.append(run) } else { skipped.append(name) }
            }
        }
        return (found, skipped)
    }
}

/// What `pytorch_train_reference.py --row R` prints after `RESULT `: the row, its recipe (the keys of
/// `ImprovementRecipe.recordParameters`), and per epoch the loss, validation loss and accuracy, test accuracy (in
/// percent) and training seconds.
struct PyTorchAblationResult: Decodable {
    struct Epoch: Decodable {
        var loss: Double
        var valLoss: Double
        var val: Double
        var test: Double
        var seconds: Double
        enum CodingKeys: String, CodingKey { case loss, val, test, seconds, valLoss = "val_loss" }
    }
    var row: String
    var recipe: [String: RecordValue]
    var seed: Int
    var threads: Int
    var torch: String
    var fitImages: Int
    var epochs: [Epoch]
    var peakResidentMiB: Double?
    enum CodingKeys: String, CodingKey {
        case row, recipe, seed, threads, torch, epochs, fitImages = "fit_images", peakResidentMiB = "peak_rss_mib"
    }
}
