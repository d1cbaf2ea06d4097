import Datasets
import Foundation
import DeepLearning
import Plotting

/// What the recorded runs of §5.2.3's recipe say together: each engine's mean over seeds and the two ways of
/// comparing the engines, which are the verdict (an earlier reference of 92.19% trained PyTorch on all 60,000
/// images, not on this recipe's 55,000-image split, so no band around it is a criterion).
///
/// - Over all their runs: the difference of the means, measured in its standard error √(se₁² + se₂²). Seeds
///   change the test accuracy by a few tenths of a point, so three seeds cannot tell apart engines closer than that.
/// - With the same draws (`pytorch_train_reference.py --randomness workbook`): both engines start from the same
///   weights and see the same batches, so run by run the only difference left is floating-point rounding.
public struct SeedComparison: Sendable {
    /// The runs of one engine with one kind of draws.
    public struct Group: Sendable {
        public var engine: RecipeRun.Engine
        public var draws: RecipeRun.Draws
        public var runs: [RecipeRun]
        public var summary: AccuracySummary { AccuracySummary(runs.map(\.testAccuracy)) }
        public var label: String {
            (engine == .workbook ? "workbook" : "PyTorch") + (draws == .workbook ? ", workbook draws" : ", torch draws")
        }
    }

    /// One seed trained by both engines from the workbook's draws.
    public struct SameDrawsPair: Sendable {
        public var workbook: RecipeRun
        public var pytorch: RecipeRun
        public var seed: Int { workbook.seed }
        /// Workbook minus PyTorch, test accuracy after the last epoch.
        public var difference: Double { workbook.testAccuracy - pytorch.testAccuracy }
        /// Per epoch, workbook minus PyTorch, test accuracy after the epoch.
        public var accuracyDifferences: [Double] {
            zip(workbook.epochs, pytorch.epochs).map { $0.testAccuracy - $1.testAccuracy }
        }
        /// Per epoch, the workbook's mean training loss relative to PyTorch's, minus 1 (−0.01: 1% lower).
        public var relativeLossDifferences: [Double] {
            zip(workbook.epochs, pytorch.epochs).map { $0.trainLoss / $1.trainLoss - 1 }
        }
    }

    public var groups: [Group]
    public var sameDraws: [SameDrawsPair]

    public init(_ runs: [RecipeRun]) {
        groups = RecipeRun.Engine.allCases.flatMap { engine in
            RecipeRun.Draws.allCases.compactMap { draws in
                let members = runs.filter { $0.engine == engine && $0.draws == draws }.sorted { $0.seed < $1.seed }
                return members.isEmpty ? nil : Group(engine: engine, draws: draws, runs: members)
            }
        }
        let ours = runs.filter { $0.engine == .workbook && $0.draws == .workbook }
        let theirs = runs.filter { $0.engine == .pytorch && $0.draws == .workbook }
        sameDraws = ours.compactMap { run in
            theirs.first { $0.seed == run.seed }.map { SameDrawsPair(workbook: run, pytorch: $0) }
        }.sorted { $0.seed < $1.seed }
    }

    public func group(_ engine: RecipeRun.Engine, _ draws: RecipeRun.Draws) -> Group? {
        groups.first { $0.engine == engine && $0.draws == draws }
    }

    /// The workbook's mean minus `other`'s (a PyTorch group), and the standard error of that difference,
    /// √(se₁² + se₂²); nil without at least two runs on each side.
    public func workbookMeanDifference(from other: Group) -> (difference: Double, standardError: Double)? {
        guard let ours = group(.workbook, .workbook)?.summary, case let theirs = other.summary,
              ours.count > 1, theirs.count > 1 else { return nil }
        return ours.difference(from: theirs)
    }
}

public struct TrainingSeedsOptions: StepOptions, Equatable {
    /// The folder of run records; nil: Plots/5.2.3-training/seeds under the plots root.
    public var records: String?
    /// Steps of epoch 1 the workbook trains here to compare step by step with PyTorch's recorded losses (860 =
    /// the whole epoch of 55,000 images in batches of 64); 0 skips it.
    public var traceSteps = 860
    public var dataDirectory = FashionMNIST.defaultDirectory
    public init() {}

    /// `workbook all --quick`: the first 128 steps, where the difference grows from 1e-7 to about 1e-2.
    public static var quick: TrainingSeedsOptions {
        var options = TrainingSeedsOptions()
        options.traceSteps = 128
        return options
    }

    public func validate() throws {
        if let records, !FileManager.default.fileExists(atPath: records) {
            throw OptionError("--records \(records): no such folder")
        }
        guard (0...100_000).contains(traceSteps) else {
            throw OptionError("--trace-steps must be between 0 and 100000, got \(traceSteps)")
        }
    }
}

/// `workbook training-seeds`: every recorded run of §5.2.3's recipe in both engines, side by side.
public enum TrainingSeedsStep: ConfigurableStep {
    public static let command = "training-seeds"
    public static let section = ArticleSection.modelTraining
    public static let abstract = "§5.2.3 across seeds: every recorded run of the recipe in both engines, their means and their difference in standard errors."
    public static let discussion = """
        Reads the run records of full 10-epoch trainings in Plots/5.2.3-training/seeds/ (or --records): \
        `workbook training` run.json files and the results of Sources/bench/pytorch_train_reference.py. Prints \
        every run's test accuracy; per engine and kind of random draws the mean and the standard deviation over \
        seeds; the verdict: the workbook's mean against each PyTorch group running the identical recipe (the \
        difference in standard errors), and the same draws seed by seed (PyTorch \
        started from the workbook's weights and batch order) and their training losses epoch by epoch. Then, for each seed whose PyTorch losses were \
        traced step by step (seeds/traces/), trains the workbook's first --trace-steps steps here and shows how \
        the two engines, equal to float32 rounding at step 1, drift apart. Charts: test accuracy by seed, the \
        same-draws pairs' difference of test accuracy epoch by epoch, and the step-by-step relative difference of \
        the losses.
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        try run(quick ? .quick : TrainingSeedsOptions(), in: context)
    }

    public static func run(_ options: TrainingSeedsOptions, in context: RunContext) throws {
        try options.validate()
        let directory = options.records.map { URL(fileURLWithPath: $0) }
            ?? context.recordsRoot.appendingPathComponent(CNNTrainingStep.folderName).appendingPathComponent("seeds")
        let records = FileManager.default.fileExists(atPath: directory.path) ? try RecipeRun.readAll(in: directory) : ([], [])
        let (runs, skipped) = records
        guard !runs.isEmpty else {
            throw OptionError("no 10-epoch run records of the recipe in \(directory.path): each `workbook training --seed N` "
                              + "writes one (run.json), to be copied there")
        }
        context.parameter("records", .text(relativeToWorkingDirectory(directory)))
        let comparison = SeedComparison(runs)
        narrateRuns(runs, skipped: skipped, in: context)
        narrateGroups(comparison, in: context)
        narrateComparisons(comparison, in: context)
        try drawAccuracyBySeed(comparison, in: context)
        if !comparison.sameDraws.isEmpty { try drawSameDrawsEpochs(comparison.sameDraws, in: context) }
        if options.traceSteps > 0 {
            try compareStepByStep(traces: directory.appendingPathComponent("traces"), options, in: context)
        }
    }

    /// Trains the workbook's first steps of each traced seed (1 kernel worker, as the traces' 1 PyTorch thread)
    /// and narrates how far the losses drift apart.
    private static func compareStepByStep(traces directory: URL, _ options: TrainingSeedsOptions,
                                          in context: RunContext) throws {
        context.heading("The same draws, step by step (epoch 1)")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        let traces = try files.compactMap { try StepDivergence.pytorchTrace(Data(contentsOf: directory.appendingPathComponent($0))) }
        guard !traces.isEmpty else {
            context.say("no PyTorch traces in \(relativeToWorkingDirectory(directory)): "
                        + "pytorch_train_reference.py --randomness workbook --epochs 1 --trace-steps 860")
            return
        }
        let fit = try DataSplits.fashionMNIST(directory: options.dataDirectory).fit
        let divergences = try BLASThreads.with(1) {
            try KernelWorkers.$count.withValue(1) {
                try traces.map { trace in
                    let steps = min(options.traceSteps, trace.losses.count)
                    let trainer = try CNNTrainer(fit: fit, seed: UInt64(trace.seed), batchSize: 64, learningRate: 0.001)
                    trainer.showProgress { _ in "seed \(trace.seed), workbook" }
                    let losses = try trainer.trainEpoch(0, maximumSteps: steps)
                    // A trace may run past epoch 1; compare the steps both have.
                    return StepDivergence(seed: trace.seed, workbook: losses.map(Double.init),
                                          pytorch: Array(trace.losses.prefix(losses.count)))
                }
            }
        }
        for divergence in divergences { narrate(divergence, in: context) }
        try drawDivergence(divergences, in: context)
    }

    private static func narrate(_ divergence: StepDivergence, in context: RunContext) {
        let differences = divergence.relativeDifferences
        let shown = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, differences.count].filter { $0 <= differences.count }
        context.say("seed \(divergence.seed): the workbook's loss at each step against PyTorch's, from the same weights and batches")
        context.say(table(["step", "workbook", "PyTorch", "relative difference"], Array(Set(shown)).sorted().map { step in
            [String(step), format(divergence.workbook[step - 1], digits: 8), format(divergence.pytorch[step - 1], digits: 8),
             String(format: "%.1e", differences[step - 1])]
        }))
        let reached = [1e-6, 1e-4, 1e-2].map { threshold in
            divergence.firstStep(reaching: threshold).map { String(format: "%.0e at step %d", threshold, $0) }
                ?? String(format: "%.0e not within %d steps", threshold, differences.count)
        }
        var summary = "the difference reaches " + reached.joined(separator: ", ")
        if let perDecade = divergence.stepsPerDecade {
            summary += String(format: ": tenfold every %.0f steps", perDecade)
            context.result("seed \(divergence.seed): steps per tenfold growth of the loss difference", .number(perDecade))
        }
        context.say(summary)
        if let step = divergence.firstStep(reaching: 1e-2) {
            context.result("seed \(divergence.seed): first step 1% apart", .integer(step))
        }
    }

    private static func drawDivergence(_ divergences: [StepDivergence], in context: RunContext) throws {
        try context.draw(Chart(
            name: "step-divergence", title: context.chartTitle("相同随机数下两个引擎逐步损失的相对差"),
            content: .series(divergences.map { divergence in
                Series("seed \(divergence.seed): |workbook/PyTorch − 1|",
                       x: divergence.relativeDifferences.indices.map { Double($0 + 1) },
                       y: divergence.relativeDifferences, style: .points)
            }),
            xAxis: Axis("step of epoch 1"), yAxis: Axis("relative difference of the loss", logarithmic: true),
            legendPosition: "bottom right"))
    }

    private static func narrateRuns(_ runs: [RecipeRun], skipped: [String], in context: RunContext) {
        context.heading("Every recorded run (test accuracy after epoch 10)")
        context.say(table(["engine", "draws", "seed", "threads", "test accuracy", "record"], runs.map {
            [$0.engine.rawValue, $0.draws.rawValue, String($0.seed), String($0.threads), percent($0.testAccuracy), $0.file]
        }))
        if !skipped.isEmpty { context.say("not runs of the full recipe, left out: " + skipped.joined(separator: ", ")) }
    }

    private static func narrateGroups(_ comparison: SeedComparison, in context: RunContext) {
        context.heading("Per engine and draws")
        context.say(table(["engine, draws", "runs", "seeds", "mean", "sd over seeds"], comparison.groups.map { group in
            let summary = group.summary
            return [group.label, String(summary.count), seedList(group.runs.map(\.seed)), percent(summary.mean),
                    String(format: "%.2f", 100 * summary.standardDeviation)]
        }))
        context.say("the verdict is the comparison below, both engines on the identical recipe (55,000 fit images); "
                    + "an earlier PyTorch reference of 92.19% trained on all 60,000 images, another recipe")
        for group in comparison.groups {
            let key = "\(group.engine.rawValue), \(group.draws.rawValue) draws"
            context.result("\(key): mean", .number(group.summary.mean))
            context.result("\(key): runs", .integer(group.summary.count))
        }
    }

    /// "0–9" for three or more consecutive seeds, else the list: "0, 2, 5".
    static func seedList(_ seeds: [Int]) -> String {
        let sorted = seeds.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "–" }
        if sorted.count > 2 && sorted == Array(first...last) { return "\(first)–\(last)" }
        return sorted.map(String.init).joined(separator: ", ")
    }

    private static func narrateComparisons(_ comparison: SeedComparison, in context: RunContext) {
        context.heading("Workbook against PyTorch, all runs")
        for other in comparison.groups where other.engine == .pytorch {
            guard let (difference, error) = comparison.workbookMeanDifference(from: other) else {
                context.say("\(other.label): needs at least two runs on each side")
                continue
            }
            context.say(String(format: "workbook − (%@): %+.2f points, standard error %.2f (%.1f standard errors)",
                               other.label, 100 * difference, 100 * error, difference / error))
            context.result("workbook − (\(other.label)): mean", .number(difference))
            context.result("workbook − (\(other.label)): standard error", .number(error))
        }
        context.heading("The same draws in both engines (PyTorch from the workbook's weights and batches)")
        guard !comparison.sameDraws.isEmpty else {
            context.say("no seed run by both: pytorch_train_reference.py --randomness workbook --seed N")
            return
        }
        context.say(table(["seed", "workbook", "PyTorch", "difference"], comparison.sameDraws.map {
            [String($0.seed), percent($0.workbook.testAccuracy), percent($0.pytorch.testAccuracy),
             String(format: "%+.2f", 100 * $0.difference)]
        }))
        let differences = AccuracySummary(comparison.sameDraws.map(\.difference))
        context.say(String(format: "mean difference %+.2f points over %d seeds (sd %.2f)", 100 * differences.mean,
                           differences.count, 100 * differences.standardDeviation))
        context.result("workbook − PyTorch, same draws: mean", .number(differences.mean))

        // Rounding alone separates the two runs of one seed; if one engine learned differently, its training loss
        // would sit on one side of the other's epoch after epoch.
        context.say("mean training loss per epoch, workbook relative to PyTorch (same draws):")
        context.say(table(["seed"] + (1...RecipeRun.epochs).map { "e\($0)" }, comparison.sameDraws.map { pair in
            [String(pair.seed)] + pair.relativeLossDifferences.map { String(format: "%+.1f%%", 100 * $0) }
        }))
        let all = comparison.sameDraws.flatMap(\.relativeLossDifferences)
        let lower = all.filter { $0 < 0 }.count
        context.say(String(format: "the workbook's loss is the lower one in %d of %d epochs; mean relative difference %+.2f%%",
                           lower, all.count, 100 * AccuracySummary(all).mean))
        context.result("same draws: epochs where the workbook's loss is lower", .integer(lower))
        context.result("same draws: epochs compared", .integer(all.count))
    }

    private static func drawAccuracyBySeed(_ comparison: SeedComparison, in context: RunContext) throws {
        // Each group's points sit a little apart on x, so that runs of one seed do not hide each other.
        let series = comparison.groups.enumerated().map { index, group in
            Series(group.label, x: group.runs.map { Double($0.seed) + 0.12 * (Double(index) - 1.5) },
                   y: group.runs.map { 100 * $0.testAccuracy }, style: .points)
        }
        let seeds = comparison.groups.flatMap { $0.runs.map(\.seed) }
        // The y range holds every point, with a tenth of a point to spare.
        let values = series.flatMap(\.y)
        try context.draw(Chart(
            name: "accuracy-by-seed", title: context.chartTitle("各随机种子的测试准确率（两个引擎）"),
            content: .series(series),
            xAxis: Axis("seed", range: -0.5 ... Double(seeds.max() ?? 2) + 0.5, tickStep: 1),
            yAxis: Axis("test accuracy after 10 epochs (%)", range: values.min()! - 0.1 ... values.max()! + 0.15),
            legendPosition: "bottom right"))
    }

    /// Per epoch, workbook − PyTorch test accuracy of every same-draws pair (a point per seed) and the mean over
    /// the seeds: where the engines agree, the points scatter on both sides of zero.
    private static func drawSameDrawsEpochs(_ pairs: [SeedComparison.SameDrawsPair], in context: RunContext) throws {
        let epochs = (1...RecipeRun.epochs).map(Double.init)
        let differences = pairs.map { $0.accuracyDifferences.map { 100 * $0 } }
        // Each seed's points sit a little apart on x, so that equal differences do not hide each other.
        let offsets = pairs.indices.map { 0.3 * (Double($0) + 0.5) / Double(pairs.count) - 0.15 }
        let means = epochs.indices.map { epoch in AccuracySummary(differences.map { $0[epoch] }).mean }
        // Symmetric about zero, to the tenth of a point above the largest difference plus room for the legend.
        let extent = (((differences.joined().map(abs).max() ?? 0) + 0.2) * 10).rounded(.up) / 10
        try context.draw(Chart(
            name: "same-draws-epochs", title: context.chartTitle("相同随机数下两个引擎每个 epoch 的测试准确率之差"),
            content: .series([
                Series("a point per seed (\(pairs.map { String($0.seed) }.joined(separator: ", ")))",
                       x: offsets.flatMap { offset in epochs.map { $0 + offset } },
                       y: differences.flatMap { $0 }, style: .points),
                Series("mean over the \(pairs.count) seeds", x: epochs, y: means, style: .linesPoints),
            ]),
            xAxis: Axis("epoch", range: 0.6 ... Double(RecipeRun.epochs) + 0.4, tickStep: 1),
            yAxis: Axis("workbook − PyTorch, test accuracy (points)", range: -extent ... extent),
            horizontalMarkers: [Marker(at: 0, "")], legendPosition: "bottom left"))
    }
}
