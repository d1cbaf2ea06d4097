import Foundation
import Datasets
import DeepLearning
import Training
import Plotting

/// §9.4 大模型如何保证公平性？ (and §8.2.4's bias challenge): the article lists four measures (cleaning, fairness
/// evaluation, diverse data, transparency) and shows none. This step makes a group rare and measures what that does
/// to it: one class of Fashion-MNIST's fit set cut to 2%, 5% or 20% of its images (`RareClassSubset`), the test set
/// left balanced; per-class recall, the worst class, the rare class's gap to the rest and where its errors go
/// (`Disparity`), mean ± sd over declared seeds; then three mitigations (`Mitigation`) measured the same way.
public enum FairnessStep: ConfigurableStep {
    public static let command = "fairness"
    public static let section = ArticleSection.fairness
    public static let abstract = "§9.4 fairness: a class made rare (2/5/20% of its images), the disparity measured, and weighted loss, oversampling and logit adjustment against it."
    public static let discussion = """
        One class of the fit set (Shirt, the hardest; Trouser, an easy one) kept at 2%, 5% and 20% of its images, \
        the other classes whole, the test set balanced; the article's CNN and recipe (§5.2.3), one epoch, seeds \
        0, 1, 2 (each draws the kept images, the weights and the shuffle), and the recipe on the whole fit set as \
        the reference. Per class the test recall; the worst class; the rare class's recall minus the other classes' \
        mean; the rare class's confusion row (which classes absorb its errors). Mitigations, each measured the same \
        way and compared with plain seed by seed: cross-entropy weighted by 1/frequency, oversampling the rare \
        class in the loader (drawn with replacement to the largest class's count per epoch), and logit adjustment \
        (Menon et al. 2021: the plain model's logits minus τ·log prior at test time; τ = 1, and τ chosen on the \
        validation set). Charts per rare class: its recall and the overall accuracy against the kept share, per \
        method. Without options it reads the committed results (Plots/9.4-fairness/runs/results.json); --train \
        runs the plan (57 trainings, about 78 minutes on 2 cores: Plots/9.4-fairness/PLAN.md), --rare-classes and \
        --seeds a part of it; --quick runs a small budget into Plots/quick/ (CI).
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        var options = FairnessOptions()
        options.quick = quick
        try run(options, in: context)
    }

    /// The folder of the recorded runs, below the step's folder.
    public static let runsFolder = "runs"

    public static func run(_ options: FairnessOptions, in context: RunContext) throws {
        try options.validate()
        // The thread rule of §5.2.3 (`KernelWorkers.splittingBatches`).
        try KernelWorkers.splittingBatches(options.threads) {
            let budget = options.budget
            let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory,
                                                     fitLimit: budget.fitLimit > 0 ? budget.fitLimit : nil)
            for line in splits.description { context.say(line) }
            let experiment = try FairnessExperiment(budget: budget, splits: splits)
            if options.train || options.quick {
                try trainAndRecord(experiment, options, in: context)
            } else {
                try readBack(experiment, in: context)
            }
        }
    }

    /// `--train` and `--quick`: the reference runs and every setting of the plan (or the part the options
    /// choose), the results file written after each, then the tables and charts.
    static func trainAndRecord(_ experiment: FairnessExperiment, _ options: FairnessOptions, in context: RunContext) throws {
        let budget = experiment.budget
        context.recordIn(runsFolder)
        context.seed(UInt64(budget.seeds[0]))
        context.blasThreads(blasThreadCount)
        context.parameter("kernel workers", .integer(KernelWorkers.count))
        context.parameter("budget", .text(String(decoding: try JSONEncoder().encode(budget), as: UTF8.self)))
        // A part of the plan adds to the results of the same budget already recorded; quick mode starts afresh.
        let earlier = options.quick ? nil : try FairnessResults.read(from: context.recordDirectory)
        var results = earlier.flatMap { $0.budget == budget ? $0 : nil } ?? FairnessResults(budget: budget)
        let classes = options.rareClasses ?? budget.rareClasses, seeds = options.seeds ?? budget.seeds
        // The reference does not depend on the rare class: trained once per seed, unless a part of the plan
        // finds it recorded already.
        let referenceSeeds = seeds.filter { seed in
            options.rareClasses == nil || !results.runs.contains { $0.rareClass == nil && $0.seed == seed }
        }
        let total = referenceSeeds.count + classes.count * budget.keepFractions.count * seeds.count * Mitigation.trained.count
        context.heading("Training: \(total) models (references: \(referenceSeeds.count); rare classes × fractions × seeds × "
                        + "methods: \(classes.count) × \(budget.keepFractions.count) × \(seeds.count) × \(Mitigation.trained.count))")
        var bar = ProgressBar(label: "fairness trainings", total: total, unitName: "training")
        var done = 0
        func finished(_ status: String) {
            done += 1
            bar.update(done: done, status: status)
        }
        for seed in referenceSeeds {
            let run = try experiment.referenceRun(seed: seed)
            results.record([run])
            try results.write(to: context.recordDirectory)
            finished(String(format: "reference seed %d: %.2f%%", seed, 100 * run.disparity(of: 0).overallAccuracy))
        }
        for rareClass in classes {
            for fraction in budget.keepFractions {
                for seed in seeds {
                    let runs = try experiment.runs(rareClass, keepFraction: fraction, seed: seed) { mitigation, run in
                        finished(String(format: "%@ %g%% seed %d %@: rare recall %.1f%%", experiment.fit.classNames[rareClass],
                                        100 * fraction, seed, mitigation.rawValue, 100 * run.disparity(of: rareClass).rareRecall))
                    }
                    results.record(runs)
                    try results.write(to: context.recordDirectory)
                }
            }
        }
        bar.finish()
        context.say("results: \(relativeToWorkingDirectory(context.recordDirectory.appendingPathComponent(FairnessResults.fileName)))")
        context.result("runs recorded", .integer(results.runs.count))
        try narrate(results, classNames: experiment.fit.classNames, quick: options.quick, in: context)
    }

    /// Without options: the committed results.
    static func readBack(_ experiment: FairnessExperiment, in context: RunContext) throws {
        let folder = context.recordsRoot.appendingPathComponent(folderName).appendingPathComponent(runsFolder)
        guard let results = try FairnessResults.read(from: folder) else {
            context.say("no results in \(relativeToWorkingDirectory(folder)): `.build/release/workbook fairness --train` "
                        + "runs the plan (about 78 minutes on 2 cores; Plots/9.4-fairness/PLAN.md) and writes them")
            return
        }
        guard results.budget == experiment.budget else {
            context.say("\(relativeToWorkingDirectory(folder))/\(FairnessResults.fileName) was made under another budget "
                        + "than this step's: left out; `workbook fairness --train` records the current one")
            return
        }
        context.say("\(results.runs.count) runs in \(relativeToWorkingDirectory(folder))/\(FairnessResults.fileName)")
        try narrate(results, classNames: experiment.fit.classNames, quick: false, in: context)
    }
}
