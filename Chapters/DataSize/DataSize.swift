import Foundation
import Datasets
import DeepLearning
import Training
import Plotting

/// §9.2 大模型训练需要多少数据？: the article answers "thousands to tens of thousands" without a measurement. This step
/// measures the learning curve of §5.2.3's baseline on Fashion-MNIST — test accuracy against the fit-set size, mean
/// ± sd over declared seeds — fits error ≈ a·n^(−b) + c to it (`PowerLawFit`), and says what the fit predicts for
/// more data.
public enum DataSizeStep: ConfigurableStep {
    public static let command = "data-size"
    public static let section = ArticleSection.howMuchData
    public static let abstract = "§9.2: test accuracy of the baseline against the fit-set size (500 … 55,000 images, seeds 0–2), a fitted power law and what more data would buy."
    public static let discussion = """
        The §5.2.3 recipe (the article's CNN, Adam 0.001, batch 64, no augmentation) on stratified subsets of the \
        fit set: n = 500, 1,000, 2,000, 5,000, 10,000 and 20,000 images (n/10 of every class), three draws (seeds 0, \
        1, 2: subset, weights and shuffle), each trained 10 epochs but at least 1,500 steps, and tested on the \
        10,000 test images after half its epochs and at the end. The whole fit set (55,000) is the recorded §5.2.3 \
        runs of the same seeds (Plots/5.2.3-training/seeds/). Prints the table and the learning curve (log x), fits \
        error ≈ a·n^(−b) + c by least squares, and prints a, b, c and the fit's accuracy at 2× and 10× the data. \
        Without options it reads the committed results (Plots/9.2-data-size/runs/results.json); --train runs the 18 \
        runs (about 50 minutes alone on 2 cores; an interrupted --train resumes from the runs it finished); --quick \
        runs two small sizes into Plots/quick/ (CI).
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        var options = DataSizeOptions()
        options.quick = quick
        try run(options, in: context)
    }

    /// The folder of the recorded experiment, below the step's folder.
    public static let runsFolder = "runs"
    /// The runs a `--train` finished so far, beside results.json until the last one is done.
    static let partialFileName = "results.partial.json"

    public static func run(_ options: DataSizeOptions, in context: RunContext) throws {
        try options.validate()
        // The thread rule of §5.2.3 (`KernelWorkers.splittingBatches`).
        try KernelWorkers.splittingBatches(options.threads) {
            let budget = options.budget
            let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory)
            for line in splits.description { context.say(line) }
            describe(budget, in: context)
            let experiment = DataSizeExperiment(budget: budget, splits: splits)
            let results: DataSizeResults
            if options.train || options.quick {
                results = try trainAndRecord(experiment, quick: options.quick, in: context)
            } else {
                let folder = context.recordsRoot.appendingPathComponent(folderName).appendingPathComponent(runsFolder)
                guard let recorded = try DataSizeResults.read(from: folder) else {
                    context.say("no results in \(relativeToWorkingDirectory(folder)): `.build/release/workbook data-size --train` "
                                + "runs the 18 runs (about 50 minutes alone on 2 cores; Plots/9.2-data-size/PLAN.md) and writes them")
                    return
                }
                guard recorded.budget == budget else {
                    context.say("\(relativeToWorkingDirectory(folder))/\(DataSizeResults.fileName) was made under another budget "
                                + "than this step's: left out; `workbook data-size --train` records the current one")
                    return
                }
                context.say("\(recorded.runs.count) runs in \(relativeToWorkingDirectory(folder))/\(DataSizeResults.fileName)")
                results = recorded
            }
            let whole = try wholeFitSetRuns(seeds: budget.seeds, options: options, in: context)
            try narrate(LearningCurve(results: results, wholeFitSet: whole), quick: options.quick, in: context)
        }
    }

    /// The recipe and each size's training length.
    static func describe(_ budget: DataSizeBudget, in context: RunContext) {
        context.heading("The recipe and its length per size")
        context.say("§5.2.3's baseline unchanged (the article's CNN, Adam \(budget.learningRate), batch \(budget.batchSize), the subset's "
                    + "own normalisation, no augmentation, the last epoch's weights), \(budget.epochs) epochs but at least "
                    + "\(budget.minimumSteps) steps: fewer updates than that would leave the small sets' optimisation unfinished")
        let whole = DataSizeBudget.wholeFitSet, wholeSteps = RecipeRun.epochs * budget.batchesPerEpoch(images: whole)
        context.say(table(["fit images", "per class", "epochs", "steps", "images seen"], budget.sizes.map { n in
            [n.formatted(), (n / 10).formatted(), String(budget.epochs(images: n)), budget.steps(images: n).formatted(),
             (n * budget.epochs(images: n)).formatted()]
        } + [[whole.formatted() + " (the §5.2.3 records)", "all", String(RecipeRun.epochs), wholeSteps.formatted(),
              (whole * RecipeRun.epochs).formatted()]]))
    }

    /// `--train` and `--quick`: every run of the budget (resuming from a partial file of the same budget), the
    /// results file and the record under runs/.
    static func trainAndRecord(_ experiment: DataSizeExperiment, quick: Bool, in context: RunContext) throws -> DataSizeResults {
        let budget = experiment.budget
        context.recordIn(runsFolder)
        context.seed(UInt64(budget.seeds[0]))
        context.blasThreads(blasThreadCount)
        context.parameter("kernel workers", .integer(KernelWorkers.count))
        context.parameter("budget", .text(String(decoding: try JSONEncoder.records.encode(budget), as: UTF8.self)))
        context.parameter("data", .list(experiment.splits.description.map { .text($0) }))
        let partial = PartialResults(folder: context.recordDirectory)
        var results = DataSizeResults(budget: budget)
        if let earlier = try partial.read(), earlier.budget == budget, !earlier.runs.isEmpty {
            results = earlier
            context.say("resuming: \(earlier.runs.count) runs already finished in \(relativeToWorkingDirectory(partial.url))")
        }
        let plan = budget.sizes.flatMap { size in budget.seeds.map { (size: size, seed: $0) } }
        let total = plan.reduce(0) { $0 + budget.steps(images: $1.size) }
        var done = results.runs.reduce(0) { $0 + $1.steps }
        context.heading("Training: \(budget.sizes.count) sizes × \(budget.seeds.count) seeds, \(total.formatted()) steps")
        var bar = ProgressBar(label: "data-size", total: total, unitName: "step")
        bar.update(done: done)
        let test = experiment.test
        for (size, seed) in plan where !results.runs.contains(where: { $0.size == size && $0.seed == seed }) {
            let run = try experiment.run(size: size, seed: seed, test: test) { steps in
                bar.update(done: done + steps, status: "n = \(size.formatted()), seed \(seed)")
            }
            done += run.steps
            results.runs.append(run)
            try partial.write(results)
            context.say(String(format: "n = %6d, seed %d: %4d epochs, %5d steps, %4.0f s, test accuracy %.2f%% at half, %.2f%% at the end",
                               size, seed, run.epochs, run.steps, run.trainingSeconds, 100 * run.halfwayTestAccuracy, 100 * run.testAccuracy))
        }
        bar.finish()
        try results.write(to: context.recordDirectory)
        try partial.remove()
        context.say("results: \(relativeToWorkingDirectory(context.recordDirectory.appendingPathComponent(DataSizeResults.fileName)))")
        context.result("runs", .integer(results.runs.count))
        context.result("training seconds", .number(results.runs.reduce(0) { $0 + $1.trainingSeconds }))
        return results
    }

    /// The whole fit set's point: the recorded §5.2.3 runs (our engine, our draws) of `seeds`, from
    /// Plots/5.2.3-training/seeds/ under the records root (or --records).
    static func wholeFitSetRuns(seeds: [Int], options: DataSizeOptions, in context: RunContext) throws -> [RecipeRun] {
        let folder = options.records.map { URL(fileURLWithPath: $0) }
            ?? context.recordsRoot.appendingPathComponent(CNNTrainingStep.folderName).appendingPathComponent("seeds")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            context.say("no §5.2.3 records in \(relativeToWorkingDirectory(folder)): the curve stops at the largest subset")
            return []
        }
        let runs = try RecipeRun.readAll(in: folder).runs.filter {
            $0.engine == .workbook && $0.draws == .workbook && $0.ranks == 1 && seeds.contains($0.seed)
        }
        // One run per seed: the lowest thread count recorded (the §5.2.3 seeds were recorded at 1 worker).
        return seeds.compactMap { seed in runs.filter { $0.seed == seed }.min { $0.threads < $1.threads } }
    }

    /// The table, the power law, the answer to the article's question, and the chart.
    static func narrate(_ curve: LearningCurve, quick: Bool, in context: RunContext) throws {
        let seeds = curve.results.budget.seeds.map(String.init).joined(separator: ", ")
        if quick { context.heading("The machinery on the quick budget (not results)") }
        context.heading("Test accuracy against the fit-set size, mean ± sd over seeds \(seeds)")
        context.say(table(["fit images", "runs", "at half the epochs", "at the end", "end − half (paired)", "test error"],
                          curve.points.map { point in
            let (change, error) = (point.secondHalfGain.mean, point.secondHalfGain.standardError)
            return [point.size.formatted(), String(point.final.count), percent(point.halfway), percent(point.final),
                    String(format: "%+.2f", 100 * change) + (error > 0 ? String(format: " (%.1f SE)", change / error) : ""),
                    String(format: "%.2f%%", 100 * (1 - point.final.mean))]
        }))
        if !curve.wholeFitSet.isEmpty {
            context.say("55,000: the recorded §5.2.3 runs (\(curve.wholeFitSet.map(\.file).joined(separator: ", "))), at epochs 5 and 10, "
                        + "trained with \(curve.wholeFitSet[0].threads) kernel worker(s)")
        }
        for point in curve.points {
            context.result("n=\(point.size): mean test accuracy", .number(point.final.mean))
            context.result("n=\(point.size): sd of test accuracy", .number(point.final.standardDeviation))
        }
        let longer = curve.points.filter { $0.secondHalfGain.mean > 2 * $0.secondHalfGain.standardError }
        if curve.results.budget.seeds.count < 2 {
            context.say("one seed: no standard errors, so no verdict on whether the length per size sufficed")
        } else {
            context.say(longer.isEmpty
                ? "no size gained more than 2 SE in its second half: the length per size sufficed"
                : "still gaining more than 2 SE in the second half at n = \(longer.map { $0.size.formatted() }.joined(separator: ", ")): "
                    + "those points would rise with longer training")
        }

        context.heading("A power law: test error ≈ a·n^(−b) + c, least squares over every run")
        guard let fit = curve.fit else {
            context.say("fewer than three runs over two sizes: no fit")
            return
        }
        context.say(String(format: "a = %.4g, b = %.4f, c = %.4f (root-mean-square residual %.2f points over %d runs)",
                           fit.a, fit.b, fit.c, 100 * (fit.squaredResidual / Double(curve.runCount)).squareRoot(), curve.runCount))
        context.result("power law a", .number(fit.a))
        context.result("power law b", .number(fit.b))
        context.result("power law c", .number(fit.c))
        let largest = curve.points.last!.size
        context.say(table(["fit images", "measured accuracy", "fitted accuracy"],
                          curve.points.map { [$0.size.formatted(), percent($0.final), String(format: "%.2f%%", 100 * (1 - fit.error(at: Double($0.size))))] }
                          + [2, 10].map { factor in
                              ["\((factor * largest).formatted()) (\(factor)×)", "–", String(format: "%.2f%%", 100 * (1 - fit.error(at: Double(factor * largest))))]
                          }
                          + [["∞ (the floor c)", "–", String(format: "%.2f%%", 100 * (1 - fit.c))]]))
        for factor in [2, 10] {
            context.result("fitted accuracy at \(factor)× \(largest)", .number(1 - fit.error(at: Double(factor * largest))))
        }
        answer(curve, in: context)
        try draw(curve, in: context)
    }

    /// The article's "thousands to tens of thousands", against the measured curve: the smallest size whose mean is
    /// within 1 and within 2 points of the largest size's.
    static func answer(_ curve: LearningCurve, in context: RunContext) {
        guard let top = curve.points.last, curve.points.count > 1 else { return }
        for margin in [0.02, 0.01] {
            if let enough = curve.points.first(where: { $0.final.mean >= top.final.mean - margin }) {
                context.say(String(format: "within %.0f point%@ of the %@ images' %.2f%%: from %@ images on",
                                   100 * margin, margin == 0.01 ? "" : "s", top.size.formatted(), 100 * top.final.mean,
                                   enough.size.formatted()))
                context.result("smallest size within \(Int(100 * margin)) points of the largest", .integer(enough.size))
            }
        }
    }

    static func percent(_ summary: AccuracySummary) -> String {
        String(format: "%.2f ± %.2f%%", 100 * summary.mean, 100 * summary.standardDeviation)
    }

    static func draw(_ curve: LearningCurve, in context: RunContext) throws {
        guard let first = curve.points.first, let last = curve.points.last else { return }
        var series = [
            Series("each run", x: curve.runs.map { Double($0.size) }, y: curve.runs.map { 100 * $0.accuracy }, style: .points),
            Series("mean over seeds", x: curve.points.map { Double($0.size) }, y: curve.points.map { 100 * $0.final.mean },
                   style: .linesPoints),
        ]
        if let fit = curve.fit {
            let (low, high) = (log(Double(first.size)), log(Double(10 * last.size)))
            let x = (0 ... 60).map { exp(low + (high - low) * Double($0) / 60) }
            series.append(Series(String(format: "fit: error = %.3g·n^{−%.3f} + %.4f", fit.a, fit.b, fit.c),
                                 x: x, y: x.map { 100 * (1 - fit.error(at: $0)) }, style: .dashedLines))
        }
        try context.draw(Chart(
            name: "learning-curve", title: context.chartTitle("测试准确率与训练集大小（基线 CNN）"), content: .series(series),
            xAxis: Axis("fit images, n (log scale)", logarithmic: true,
                        range: 0.7 * Double(first.size) ... 14 * Double(last.size)),
            yAxis: Axis("test accuracy (%)"),
            verticalMarkers: [Marker(at: Double(last.size), "the largest set measured: \(last.size.formatted())")],
            legendPosition: "bottom right"))
    }
}
