import Foundation
import Plotting

/// Is data parallelism the same training as one process, across seeds? The recorded 10-epoch runs of §5.2.3's recipe
/// on N ranks (`Plots/5.3.3-data-parallel/seeds/`, `workbook data-parallel --epochs 10 --seed S`) against the
/// recorded one-process runs (`Plots/5.2.3-training/seeds/`): each group's mean and spread, the difference of the
/// means in its standard error √(se₁² + se₂²), and seed by seed. N ranks with local batch 64/N see exactly one
/// process's batches; only the summation order of the gradients differs, and its rounding grows until the runs are
/// two draws of the recipe's outcome (§5.2.3's same-draws analysis), so the criterion is statistical: the means
/// within 2 standard errors.
enum DataParallelSeeds {
    static let folder = "seeds"

    /// The comparison, when both folders hold runs; a line saying how to record runs otherwise.
    static func narrate(in context: RunContext) throws {
        let ranked = context.recordsRoot.appendingPathComponent(DataParallelStep.folderName).appendingPathComponent(folder)
        let single = context.recordsRoot.appendingPathComponent(CNNTrainingStep.folderName).appendingPathComponent("seeds")
        context.heading("Across seeds: the recorded 10-epoch runs on ranks against one process")
        let rankedRuns = try runs(in: ranked).filter { $0.ranks > 1 }
        let singleRuns = try runs(in: single).filter { $0.engine == .workbook && $0.ranks == 1 }
        guard !rankedRuns.isEmpty, singleRuns.count > 1 else {
            context.say("no recorded runs on ranks in \(ranked.path) yet: `mpiexec -n 2 .build/release/workbook "
                        + "data-parallel --epochs 10 --seed S`, then its run.json copied there")
            return
        }
        let groups = Dictionary(grouping: rankedRuns, by: \.ranks).sorted { $0.key < $1.key }
        let one = AccuracySummary(singleRuns.map(\.testAccuracy))
        var rows = [["1 process (\(Set(singleRuns.map(\.threads)).sorted().map(String.init).joined(separator: "/")) thread)",
                     TrainingSeedsStep.seedList(singleRuns.map(\.seed)), percent(one.mean),
                     String(format: "%.2f", 100 * one.standardDeviation), "", ""]]
        for (ranks, members) in groups {
            let summary = AccuracySummary(members.map(\.testAccuracy))
            let (difference, error) = summary.difference(from: one)
            rows.append(["\(ranks) ranks", TrainingSeedsStep.seedList(members.map(\.seed)), percent(summary.mean),
                         String(format: "%.2f", 100 * summary.standardDeviation),
                         String(format: "%+.2f", 100 * difference),
                         error > 0 ? String(format: "%.1f", difference / error) : "–"])
            context.result("\(ranks) ranks: mean test accuracy", .number(summary.mean))
            context.result("\(ranks) ranks − 1 process: mean", .number(difference))
            context.result("\(ranks) ranks − 1 process: standard error", .number(error))
        }
        context.say(table(["runs", "seeds", "mean", "sd", "Δ (points)", "Δ / SE"], rows))
        context.say("Δ: the mean on ranks minus one process's; SE = √(se₁² + se₂²). The recipe's outcome moves by a few "
                    + "tenths of a point from seed to seed, so the means should agree within 2 SE.")
        let paired = rankedRuns.compactMap { run in
            singleRuns.first { $0.seed == run.seed }.map { (run, $0) }
        }
        if !paired.isEmpty {
            context.say("seed by seed (ranks − one process): " + paired.map { ranked, single in
                "seed \(ranked.seed) \(percent(ranked.testAccuracy)) − \(percent(single.testAccuracy)) = "
                    + String(format: "%+.2f", 100 * (ranked.testAccuracy - single.testAccuracy))
            }.joined(separator: "; "))
        }
        try draw(rankedRuns, singleRuns, in: context)
    }

    private static func runs(in directory: URL) throws -> [RecipeRun] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try RecipeRun.readAll(in: directory).runs
    }

    /// Test accuracy by seed, one process and each rank count (a point per run, a dashed line at each mean).
    private static func draw(_ ranked: [RecipeRun], _ single: [RecipeRun], in context: RunContext) throws {
        let groups = [(label: "1 process", runs: single)] + Dictionary(grouping: ranked, by: \.ranks)
            .sorted { $0.key < $1.key }.map { (label: "\($0.key) ranks", runs: $0.value) }
        let seeds = (ranked + single).map(\.seed)
        let range = Double(seeds.min()!) - 0.5 ... Double(seeds.max()!) + 0.5
        var series: [Series] = []
        for (index, group) in groups.enumerated() {
            // Each group's points sit a little apart on x, so that runs of one seed do not hide each other.
            let offset = 0.15 * (Double(index) - Double(groups.count - 1) / 2)
            series.append(Series(group.label, x: group.runs.map { Double($0.seed) + offset },
                                 y: group.runs.map { 100 * $0.testAccuracy }, style: .points))
            let mean = 100 * AccuracySummary(group.runs.map(\.testAccuracy)).mean
            series.append(Series("\(group.label): mean", x: [range.lowerBound, range.upperBound], y: [mean, mean],
                                 style: .dashedLines))
        }
        let values = series.flatMap(\.y)
        try context.draw(Chart(
            name: "accuracy-by-seed", title: context.chartTitle("数据并行与单进程：各随机种子的测试准确率"),
            content: .series(series),
            xAxis: Axis("seed", range: range, tickStep: 1),
            yAxis: Axis("test accuracy after 10 epochs (%)", range: values.min()! - 0.1 ... values.max()! + 0.3),
            legendPosition: "bottom right"))
    }
}
