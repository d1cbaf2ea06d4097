import Foundation
import Datasets
import DeepLearning
import Training
import Plotting

/// §5.3.3 改进措施: the article lists improvements (a better architecture, augmentation, distributed training,
/// tuning) and shows none of them working. This step measures them: each row of `AblationRow.all` is one recipe
/// trained through the same `CNNTrainer` and `DataLoader` as §5.2.3, over declared seeds, in both engines (our
/// records under Plots/5.3.3-improvements/runs/, PyTorch's twin beside them), and the table says what each
/// measure buys per epoch and per minute.
public enum ImprovementsStep: ConfigurableStep {
    public static let command = "improvements"
    public static let section = ArticleSection.improvements
    public static let abstract = "§5.3.3: ResNet, DenseNet, augmentation, schedules, label smoothing, TTA against the baseline: the ablation table in both engines."
    public static let discussion = """
        The ablation of §5.3.3's improvements on Fashion-MNIST (55,000 fit / 5,000 validation / 10,000 test): \
        rows baseline, cnn-aug, cnn-aug-cosine, resnet, resnet-aug, resnet-aug-cosine, densenet-aug-cosine and \
        best (ResNet, crop + flip + random erasing, warm-up + cosine, AdamW, label smoothing 0.1, flip TTA, 15 \
        epochs). Without options it reads the committed run records (Plots/5.3.3-improvements/runs/<row>/seed-N/\
        run.json, and PyTorch's runs/<row>/pytorch-seed-N.json from Sources/bench/pytorch_train_reference.py \
        --row <row>) and prints the table: parameters, FLOPs per image, training images/s, training minutes, test \
        accuracy mean ± sd over the declared seeds, PyTorch's mean, their difference in standard errors, and the \
        accuracy at equal epochs (10) and at equal wall time (the best recipe's); it charts accuracy against \
        training time, previews every augmentation, and shows with the measured epoch times that augmentation \
        does not shorten training (erratum 9). Rows without records are named, with the command that makes them. \
        --train --row R --seed N trains one run (minutes to half an hour: a release build) and records it; \
        It also prints the learning-rate × batch-size grid on the baseline (lr 3e-4, 1e-3, 3e-3 × batch 32, 64, \
        128, 256, 3 epochs, seed 0; rows grid-lr<α>-b<B>) as a heatmap, against what the linear-scaling and \
        square-root rules predict. --quick trains every row and cell for 2 epochs on 256 images to check the \
        machinery (CI).
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        var options = ImprovementsOptions()
        options.quick = quick
        try run(options, in: context)
    }

    public static func run(_ options: ImprovementsOptions, in context: RunContext) throws {
        try options.validate()
        // The thread rule of §5.2.3: kernel workers split each batch, each calling BLAS with one thread.
        try BLASThreads.with(1) {
            try KernelWorkers.$count.withValue(options.threads) {
                if options.train {
                    try trainAndRecord(AblationRow.named(options.row!)!, options: options, in: context)
                } else {
                    try ablation(options, in: context)
                }
            }
        }
    }

    /// The folder of every run's record, below the step's folder.
    public static let runsFolder = "runs"

    /// `--train`: one full run of `row`, recorded in runs/<row>/seed-N/run.json below `context`'s step folder (§5.3.3's
    /// or §9.1's); returns the trained model's trainer and the splits it used.
    @discardableResult
    static func trainAndRecord(_ row: AblationRow, options: ImprovementsOptions,
                               in context: RunContext) throws -> (trainer: CNNTrainer, splits: DataSplits) {
        if !row.seeds.contains(Int(options.seed)) {
            context.say("note: seed \(options.seed) is not among the row's declared seeds "
                        + "(\(row.seeds.map(String.init).joined(separator: ", "))): the table will leave it out")
        }
        context.recordIn("\(runsFolder)/\(row.name)/seed-\(options.seed)")
        let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory)
        for line in splits.description { context.say(line) }
        let trainer = try train(row, seed: options.seed, splits: splits, fitLimit: 0, options: options, showsProgress: true,
                                in: context)
        return (trainer, splits)
    }

    /// Trains `row`'s recipe from `seed` on `splits`, writing its parameters and epochs into `context`'s record;
    /// returns the trained model's trainer (§9.1 explains the model it trained).
    @discardableResult
    static func train(_ row: AblationRow, seed: UInt64, splits: DataSplits, fitLimit: Int, options: ImprovementsOptions,
                      showsProgress: Bool, in context: RunContext) throws -> CNNTrainer {
        let recipe = row.recipe
        context.seed(seed)
        context.blasThreads(blasThreadCount)
        context.parameter("row", .text(row.name))
        for (name, value) in recipe.recordParameters { context.parameter(name, value) }
        context.parameter("kernel workers", .integer(KernelWorkers.count))
        context.parameter("fit images limit", .integer(fitLimit))
        context.parameter("producers", .integer(options.producerCount(for: recipe)))
        context.parameter("data", .list(splits.description.map { .text($0) }))
        let trainer = try recipe.trainer(fit: try recipe.trainingImages(from: splits.fit, seed: seed), seed: seed,
                                         producers: options.producerCount(for: recipe))
        context.heading("\(row.name): \(recipe)")
        context.say("\(trainer.optimizer), \(trainer.trainer.schedule), \(recipe.epochs) epochs of \(trainer.batchesPerEpoch) steps, "
                    + "seed \(seed), \(KernelWorkers.count) kernel worker\(KernelWorkers.count == 1 ? "" : "s")")
        if showsProgress { trainer.showProgress { "\(row.name) epoch \($0 + 1)/\(recipe.epochs)" } }
        let report = EpochReport(trainer, validation: splits.validation, test: splits.test,
                                 testTimeAugmentation: recipe.testTimeAugmentation, in: context)
        let epochs = try trainer.trainer.fit(trainer.fitLoader, epochs: 0..<recipe.epochs)
        let seconds = epochs.reduce(0) { $0 + $1.trainingSeconds }
        context.result("test accuracy", .number(report.testAccuracies.last ?? 0))
        context.result("training seconds", .number(seconds))
        context.result("images per second", .number(Double(trainer.fitCount * epochs.count) / seconds))
        return trainer
    }

    /// The table (from the records, or in quick mode from short runs of every row), its budgets, chart, the
    /// augmentation preview and erratum 9.
    static func ablation(_ options: ImprovementsOptions, in context: RunContext) throws {
        let rows = options.quick ? AblationRow.all.map(\.quickForm) : AblationRow.all
        let gridRows = options.quick ? HyperparameterGrid.rows.map(\.quickForm) : HyperparameterGrid.rows
        let runs: [AblationRun], gridRuns: [AblationRun]
        var splits: DataSplits?
        if options.quick {
            let data = try DataSplits.fashionMNIST(directory: options.dataDirectory, fitLimit: ImprovementsOptions.quickFit)
            splits = data
            runs = try quickRuns(rows, splits: data, options: options, in: context)
            gridRuns = try quickRuns(gridRows, splits: data, options: options, in: context)
        } else {
            let folder = context.recordsRoot.appendingPathComponent(folderName).appendingPathComponent(runsFolder)
            let (found, skipped) = try AblationRun.readAll(in: folder, rows: rows + gridRows)
            runs = found.filter { run in rows.contains { $0.name == run.row } }
            gridRuns = found.filter { run in gridRows.contains { $0.name == run.row } }
            context.heading("Records")
            context.say("\(found.count) run records under \(context.directory.lastPathComponent)/\(runsFolder)/"
                        + (skipped.isEmpty ? "" : "; not runs of their row's current recipe, left out: " + skipped.joined(separator: ", ")))
        }
        let table = AblationTable(rows: rows, runs: runs, costs: try AblationTable.costs(of: rows))
        context.heading(options.quick ? "The table's machinery on \(ImprovementsOptions.quickFit)-image, 8-step runs (not results)"
                                      : "The ablation: test accuracy over the declared seeds, both engines")
        for line in rows { context.say("  \(line.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(line.summary)") }
        context.say("")
        context.say(table.text)
        context.say("Δ/SE: (our mean − PyTorch's) / √(SE₁² + SE₂²); the issue asks |Δ| < 2 SE (or 0.3 points). "
                    + "@10 epochs: the 10-epoch recipes' accuracy; @equal time: each row within the best recipe's "
                    + "training time, read off its per-epoch record (\"stopped\": a constant-rate run cut at that "
                    + "time; a scheduled recipe that needs longer would be another recipe).")
        for line in table.lines {
            if let accuracy = line.oursAccuracy { context.result("\(line.row.name) test accuracy", .number(accuracy.mean)) }
        }
        if !options.quick { narrateMissing(table, in: context) }
        try drawAccuracyAgainstTime(table, quick: options.quick, in: context)
        try HyperparameterGrid.narrate(gridRuns, rows: gridRows, quick: options.quick, in: context)
        narrateErratum9(table, in: context)
        let fit = try splits?.fit ?? DataSplits.fashionMNIST(directory: options.dataDirectory, fitLimit: 16).fit
        try AugmentationPreview.draw(fit, in: context)
    }

    /// Every row for 2 epochs of 4 steps on the first 256 fit images, evaluated on 200 validation and 200 test
    /// images; each run's record is built as `--train` builds it and read back as the table reads records.
    /// The records belong to `step` (§9.1 trains its rows through here as runs of `architecture`); `trained` sees
    /// each row's trainer after its run (§9.1 explains its quick ViT).
    static func quickRuns(_ rows: [AblationRow], splits: DataSplits, options: ImprovementsOptions,
                          of step: any ChapterStep.Type = ImprovementsStep.self, in context: RunContext,
                          trained: (AblationRow, CNNTrainer) throws -> Void = { _, _ in }) throws -> [AblationRun] {
        var small = splits
        small.validation = splits.validation.subset(0..<min(ImprovementsOptions.quickEvaluation, splits.validation.count))
        small.test = splits.test.subset(0..<min(ImprovementsOptions.quickEvaluation, splits.test.count))
        return try rows.map { row in
            let runContext = RunContext(step: step, plotsRoot: context.directory.deletingLastPathComponent(),
                                        rendersCharts: false, speaks: context.speaks)
            try trained(row, try train(row, seed: 0, splits: small, fitLimit: ImprovementsOptions.quickFit,
                                       options: options, showsProgress: false, in: runContext))
            guard let run = AblationRun.workbookRun(runContext.record, row: row, file: "quick/\(row.name)",
                                                    fitImages: ImprovementsOptions.quickFit, command: step.command) else {
                throw TrainingError("\(row.name): the quick run's record does not read back as a run of its recipe")
            }
            return run
        }
    }

    /// Which rows lack records, and the commands that make them.
    static func narrateMissing(_ table: AblationTable, in context: RunContext) {
        let missing = table.lines.filter { !$0.missingSeeds.ours.isEmpty || !$0.missingSeeds.pytorch.isEmpty }
        guard !missing.isEmpty else { return }
        context.heading("Rows without a record")
        for line in missing {
            let (ours, torch) = line.missingSeeds
            let name = line.row.name
            if !ours.isEmpty {
                context.say("\(name): no workbook run for N = \(ours.map(String.init).joined(separator: ", ")): "
                            + ".build/release/workbook improvements --train --row \(name) --seed N --threads 2")
            }
            if !torch.isEmpty {
                context.say("\(name): no PyTorch run for N = \(torch.map(String.init).joined(separator: ", ")): "
                            + "python3 Sources/bench/pytorch_train_reference.py --row \(name) --seed N --threads 2 "
                            + "--record Plots/5.3.3-improvements/runs/\(name)/pytorch-seed-N.json")
            }
        }
        context.say("(a release build first: swift build -c release --product workbook; "
                    + "Plots/5.3.3-improvements/PLAN.md lists every run with its estimated minutes)")
    }

    /// Test accuracy against training time, one curve per row (the mean over our seeds, per epoch), PyTorch's
    /// final means as points.
    static func drawAccuracyAgainstTime(_ table: AblationTable, quick: Bool, in context: RunContext) throws {
        var series: [Series] = []
        for line in table.lines where !line.ours.isEmpty {
            let epochs = line.ours.map(\.epochs.count).min()!
            let minutes = (0..<epochs).map { e in line.ours.reduce(0) { $0 + $1.cumulativeSeconds[e] } / Double(line.ours.count) / 60 }
            let accuracy = (0..<epochs).map { e in 100 * line.ours.reduce(0) { $0 + $1.epochs[e].testAccuracy } / Double(line.ours.count) }
            series.append(Series(line.row.name, x: minutes, y: accuracy, style: .linesPoints))
        }
        let torch = table.lines.filter { !$0.pytorch.isEmpty }
        if !torch.isEmpty {
            series.append(Series("PyTorch, final (mean)",
                                 x: torch.map { $0.pytorch.reduce(0) { $0 + $1.trainingSeconds } / Double($0.pytorch.count) / 60 },
                                 y: torch.map { 100 * $0.pytorchAccuracy!.mean }, style: .points))
        }
        guard !series.isEmpty, !quick else {
            if quick { context.say("(quick mode: the accuracy-against-time chart is drawn from the full records only)") }
            return
        }
        try context.draw(Chart(name: "accuracy-against-time",
                               title: context.chartTitle("测试集准确率与训练时间（各行的种子平均，每个 epoch 一点）"),
                               content: .series(series), xAxis: Axis("training time (minutes, 2 cores)"),
                               yAxis: Axis("test accuracy (%)"), legendPosition: "bottom right"))
    }

    /// Erratum 9 with the measured epoch times: the same model with and without augmentation.
    static func narrateErratum9(_ table: AblationTable, in context: RunContext) {
        context.heading("Erratum 9: augmentation does not shorten training")
        var shown = false
        for (plain, augmented) in [("baseline", "cnn-aug"), ("resnet", "resnet-aug")] {
            guard let a = table.lines.first(where: { $0.row.name == plain }), let b = table.lines.first(where: { $0.row.name == augmented }),
                  let ta = a.trainingSeconds, let tb = b.trainingSeconds else { continue }
            let (epochA, epochB) = (ta / Double(a.row.recipe.epochs), tb / Double(b.row.recipe.epochs))
            context.say("\(plain) \(String(format: "%.1f", epochA)) s per epoch, \(augmented) \(String(format: "%.1f", epochB)) s "
                        + "(\(String(format: "%+.1f", 100 * (epochB / epochA - 1)))%): the same steps, plus the crop and flip of every image "
                        + "on the producer threads")
            shown = true
        }
        context.say(shown ? "§9.3 says augmentation shortens training; the epochs and seconds each row takes to 91% and 92% validation "
                            + "accuracy are erratum 9's check, in `workbook training-time`."
                          : "no records of baseline/cnn-aug or resnet/resnet-aug yet: the epoch times come with them")
    }
}

extension AblationRow {
    /// The row's recipe over 2 epochs (quick mode; a warm-up of one epoch needs a second one to decay in).
    var quickForm: AblationRow {
        var row = self
        row.recipe.epochs = 2
        return row
    }
}
