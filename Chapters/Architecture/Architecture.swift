import Foundation
import Datasets
import DeepLearning
import Training
import Plotting

/// §9.1 如何选择合适的大模型架构？: the article advises "for vision tasks, choose a CNN or a Vision Transformer" (§2.3,
/// §9.1) and measures nothing. This step trains the article's CNN, the small ResNet and a small ViT on the same
/// engine under one recipe and one budget (`ArchitectureRows`), and answers with measurements: accuracy at equal
/// wall time and at equal parameters in both engines, accuracy against the fit-set size, where the ViT's class token
/// looks (attention rollout), and how attention's cost grows with the tokens.
public enum ArchitectureStep: ConfigurableStep {
    public static let command = "architecture"
    public static let section = ArticleSection.architectureChoice
    public static let abstract = "§9.1: the CNN, the ResNet and a small ViT at equal wall time and equal parameters (both engines), against data size; attention rollout; attention's cost against tokens."
    public static let discussion = """
        Rows (Chapters/Architecture/ArchitectureRows.swift, declared before any run): the article's CNN, the small \
        ResNet, the small ViT (patch 4, dimension 64, 6 blocks of 4 heads) and the ViT at dimension 48 (the \
        ResNet's parameter count), one recipe (crop + flip, AdamW λ 0.05, α 0.001 with a one-epoch warm-up and \
        cosine decay, label smoothing 0.1, batch 64), each trained for about 7.5 minutes on 2 cores (its epochs \
        from its measured epoch time), seeds 0–2; and the CNN, ResNet and ViT on 1,000 and 5,000 fit images \
        (stratified, repeated to 55,000 per epoch: the same steps and minutes), seed 0. Without options it reads \
        the records (Plots/9.1-architecture/runs/<row>/seed-N/run.json, and PyTorch's runs/<row>/pytorch-seed-N.json \
        from Sources/bench/pytorch_train_reference.py --row <row>) and prints the table (parameters, FLOPs per \
        image, images/s, training minutes, peak memory, test accuracy mean ± sd in both engines and their \
        difference in standard errors), the readings at equal time and at equal parameters, the accuracy against \
        the fit-set size and where the curves cross, the class token's attention rollout (Abnar & Zuidema 2020) \
        over §8.3's test images from the ViT's seed-0 record, and a short timing of one Transformer block at patch \
        7, 4 and 2 (17, 50, 197 tokens) against its FLOP formula 24·T·C² + 4·T²·C. Missing records are named with \
        the command that makes them (Plots/9.1-architecture/PLAN.md: every run, ≤ 3 hours). --train --row R --seed \
        N trains one run and records it (minutes; a release build). --quick trains every row for 2 epochs of 4 \
        steps on 256 images into Plots/quick/ and reports on those (CI).
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        var options = ArchitectureOptions()
        options.quick = quick
        try run(options, in: context)
    }

    public static func run(_ options: ArchitectureOptions, in context: RunContext) throws {
        try options.validate()
        try KernelWorkers.splittingBatches(options.settings.threads) {
            if options.settings.train {
                try trainAndRecord(ArchitectureRows.named(options.settings.row!)!, options: options.settings, in: context)
            } else {
                try report(options, in: context)
            }
        }
    }

    /// `--train`: one full run of `row` (§5.3.3's `trainAndRecord`, into runs/<row>/seed-N/run.json of this step);
    /// a ViT comparison run also keeps its attention rollout over §8.3's images in that record.
    static func trainAndRecord(_ row: AblationRow, options: ImprovementsOptions, in context: RunContext) throws {
        let (trainer, splits) = try ImprovementsStep.trainAndRecord(row, options: options, in: context)
        if isExplained(row) { try explain(trainer, test: splits.test, in: context) }
    }

    /// The rows whose model's attention the report draws: the ViTs trained on every fit image.
    static func isExplained(_ row: AblationRow) -> Bool {
        [.vit, .vitNarrow].contains(row.recipe.model) && row.recipe.fitSubset == 0
    }

    static func explain(_ trainer: CNNTrainer, test: LabeledImages, in context: RunContext) throws {
        let chosen = try AttentionMaps.images(recordsRoot: context.recordsRoot, test: test) { try trainer.predict(test) }
        let maps = try AttentionMaps.compute(trainer, test: test, indices: chosen.indices, captions: chosen.captions)
        maps.record(in: context)
        context.say("attention rollout of \(maps.images.count) test images (\(chosen.source)) kept in the record")
    }

    // MARK: The report

    static func report(_ options: ArchitectureOptions, in context: RunContext) throws {
        let rows = options.quick ? ArchitectureRows.all.map(ArchitectureRows.quickForm) : ArchitectureRows.all
        let comparisonRows = Array(rows.prefix(ArchitectureRows.comparison.count))
        let subsetRows = Array(rows.dropFirst(ArchitectureRows.comparison.count))
        let runs: [AblationRun]
        let test: LabeledImages
        var maps: AttentionMaps?
        if options.quick {
            let splits = try DataSplits.fashionMNIST(directory: options.settings.dataDirectory, fitLimit: ImprovementsOptions.quickFit)
            test = splits.test.subset(0..<min(ImprovementsOptions.quickEvaluation, splits.test.count))
            runs = try ImprovementsStep.quickRuns(rows, splits: splits, options: options.settings, of: ArchitectureStep.self,
                                                  in: context) { row, trainer in
                if row.name == ArchitectureRows.name(.vit) {
                    let chosen = try AttentionMaps.images(recordsRoot: context.recordsRoot, test: test) { try trainer.predict(test) }
                    maps = try AttentionMaps.compute(trainer, test: test, indices: chosen.indices, captions: chosen.captions)
                }
            }
        } else {
            test = try DataSplits.fashionMNIST(directory: options.settings.dataDirectory, fitLimit: 16).test
            let folder = context.recordsRoot.appendingPathComponent(folderName).appendingPathComponent(ImprovementsStep.runsFolder)
            let (found, skipped) = try AblationRun.readAll(in: folder, rows: rows, command: command)
            runs = found
            context.heading("Records")
            context.say("\(found.count) run records under \(folderName)/\(ImprovementsStep.runsFolder)/"
                        + (skipped.isEmpty ? "" : "; not runs of their row's current recipe, left out: " + skipped.joined(separator: ", ")))
            maps = recordedMaps(in: folder)
        }
        let notResults = options.quick ? " — quick runs of 2 epochs × 4 steps on 256 images: the machinery, not results" : ""

        context.heading("The recipe and the budget")
        context.say("every row: random crop (padding 2) and flip, AdamW λ 0.05 at α 0.001, a one-epoch warm-up from 0.1·α "
                    + "then cosine to 0, label smoothing 0.1, batch 64; each model's epochs give ≈ \(format(ArchitectureRows.minutes)) "
                    + "minutes of training on 2 cores at its measured epoch time (ArchitectureRows.swift)")
        for row in rows { context.say("  \(row.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(row.summary)") }

        let comparison = try ArchitectureComparison(rows: comparisonRows, runs: runs)
        context.heading("Equal wall time and equal parameters: test accuracy over the declared seeds" + notResults)
        context.say(comparison.text)
        context.say("Δ/SE: (our mean − PyTorch's) / √(SE₁² + SE₂²). img/s, minutes and memory: our runs (2 kernel workers; "
                    + "peak MiB: the training process's resident peak). MFLOPs/img: ModelSummary's forward count at 1×28×28 "
                    + "(attention's products included).")
        for reading in comparison.readings { context.say(reading) }
        for line in comparison.ablation.lines {
            if let accuracy = line.oursAccuracy { context.result("\(line.row.name) test accuracy", .number(accuracy.mean)) }
        }

        let curves = ArchitectureCurves(runs: runs, subsets: subsetRows, comparison: comparisonRows,
                                        wholeFitSet: options.quick ? ImprovementsOptions.quickFit : AblationTable.fitImages)
        try narrate(curves, quick: options.quick, in: context)
        try narrate(maps, test: test, quick: options.quick, in: context)
        if !options.quick { narrateMissing(rows: rows, runs: runs, hasMaps: maps != nil, in: context) }
        try narrateCost(repeats: options.quick ? 1 : 3, in: context)
    }

    /// The first declared seed's rollout from the ViT comparison row's record.
    static func recordedMaps(in folder: URL) -> AttentionMaps? {
        let row = ArchitectureRows.named(ArchitectureRows.name(.vit))!
        let url = folder.appendingPathComponent("\(row.name)/seed-\(row.seeds[0])/run.json")
        guard let data = try? Data(contentsOf: url), let record = try? JSONDecoder().decode(RunRecord.self, from: data),
              AblationRun.workbookRun(record, row: row, file: url.path, command: command) != nil else { return nil }
        return AttentionMaps(record: record)
    }

    static func narrate(_ curves: ArchitectureCurves, quick: Bool, in context: RunContext) throws {
        context.heading("Accuracy against the fit-set size (each architecture at its equal-time budget)"
                        + (quick ? ": quick runs, not results" : ""))
        let sizes = Array(Set(curves.curves.flatMap { $0.points.map(\.images) })).sorted()
        guard !sizes.isEmpty else {
            context.say("no records of the subset or comparison rows yet")
            return
        }
        context.say(table(["distinct fit images"] + curves.curves.map { $0.model.rawValue }, sizes.map { size in
            [size.formatted()] + curves.curves.map { curve in
                curve.points.first { $0.images == size }.map {
                    String(format: "%.2f%%", 100 * $0.accuracy.mean)
                        + ($0.accuracy.count > 1 ? String(format: " ± %.2f (n=%d)", 100 * $0.accuracy.standardDeviation, $0.accuracy.count) : " (n=1)")
                } ?? "–"
            }
        }))
        for line in curves.crossings { context.say(line) }
        if curves.crossings.isEmpty { context.say("no two architectures share two sizes yet: no crossing to read") }
        guard !quick, sizes.count > 1 else { return }
        try context.draw(Chart(
            name: "accuracy-against-data", title: context.chartTitle("测试准确率与训练集大小（同等训练时间）"),
            content: .series(curves.chart), xAxis: Axis("distinct fit images (log scale; each epoch 55,000 images)", logarithmic: true,
                                                        range: 0.7 * Double(sizes.first!) ... 1.4 * Double(sizes.last!)),
            yAxis: Axis("test accuracy (%, mean over the seeds)"), legendPosition: "bottom right"))
    }

    static func narrate(_ maps: AttentionMaps?, test: LabeledImages, quick: Bool, in context: RunContext) throws {
        context.heading("Where the class token looks: attention rollout (Abnar & Zuidema 2020)" + (quick ? ", quick ViT" : ""))
        guard let maps else {
            context.say("no rollout yet: the arch-vit seed-0 record keeps it (its --train computes it from the trained weights)")
            return
        }
        context.say("per layer the heads' mean attention plus the identity (the residual), each row renormalised, the "
                    + "layers multiplied bottom up; the class token's row over the patches, each map drawn from its "
                    + "minimum (no colour) to its maximum (yellow). The images: \(maps.captions.joined(separator: ", ")), the ones §8.3 explains for the CNN "
                    + "(its maps: Plots/8.3-saliency/maps-trained.png, the same images in the same order).")
        for (caption, map) in zip(maps.captions, maps.maps) {
            let side = Int(Double(map.count).squareRoot().rounded())
            let peak = map.indices.max { map[$0] < map[$1] }!
            let share = map.max()! / map.reduce(0, +)
            context.say(String(format: "%@: the top patch is row %d, column %d of the %d×%d grid (%.1f%% of the patches' total)",
                               caption, peak / side + 1, peak % side + 1, side, side, 100 * share))
        }
        try context.draw(maps.chart(name: "attention-rollout",
                                    title: context.chartTitle("ViT 类别标记的注意力展开（与 §8.3 相同的测试图像）"), test: test))
    }

    static func narrateMissing(rows: [AblationRow], runs: [AblationRun], hasMaps: Bool, in context: RunContext) {
        var lines: [String] = []
        for row in rows {
            let ours = row.seeds.filter { seed in !runs.contains { $0.row == row.name && $0.engine == .workbook && $0.seed == seed } }
            if !ours.isEmpty {
                lines.append("\(row.name): no workbook run for N = \(ours.map(String.init).joined(separator: ", ")): "
                             + ".build/release/workbook architecture --train --row \(row.name) --seed N --threads 2")
            }
            guard ArchitectureRows.pytorchRows.contains(row.name) else { continue }
            let torch = row.seeds.filter { seed in !runs.contains { $0.row == row.name && $0.engine == .pytorch && $0.seed == seed } }
            if !torch.isEmpty {
                lines.append("\(row.name): no PyTorch run for N = \(torch.map(String.init).joined(separator: ", ")): "
                             + "python3 Sources/bench/pytorch_train_reference.py --row \(row.name) --seed N --threads 2 "
                             + "--record Plots/9.1-architecture/runs/\(row.name)/pytorch-seed-N.json")
            }
        }
        guard !lines.isEmpty else { return }
        context.heading("Records missing: the results above are incomplete without them")
        for line in lines { context.say(line) }
        if !hasMaps { context.say("the rollout maps come with arch-vit seed 0") }
        context.say("(a release build first; Plots/9.1-architecture/PLAN.md lists every run with its estimated minutes)")
        guard runs.isEmpty else { return }
        // Without any full record, what the machinery gave on its last quick run (`--quick`, Plots/quick/).
        let quick = URL(fileURLWithPath: PlotsFolder.quick).appendingPathComponent(folderName).appendingPathComponent("run.json")
        guard let data = try? Data(contentsOf: quick), let record = try? JSONDecoder().decode(RunRecord.self, from: data) else {
            context.say("no quick run either: `workbook architecture --quick` checks the machinery in a minute")
            return
        }
        context.say("the last quick run (\(relativeToWorkingDirectory(quick)), \(record.startedAt); 2 epochs of 4 steps, not results):")
        for (name, value) in record.results.sorted(by: { $0.key < $1.key }) where name.hasSuffix("test accuracy") {
            if let accuracy = value.numberValue { context.say("  \(name) \(percent(accuracy))") }
        }
    }

    /// One block's forward + backward at 17, 50 and 197 tokens, timed here, against the FLOP formula.
    static func narrateCost(repeats: Int, in context: RunContext) throws {
        context.heading("Attention's cost against the tokens: one block (C = 64, 4 heads, MLP 256), forward + backward")
        let measured = try AttentionCost.measure(patchSizes: [7, 4, 2], repeats: repeats)
        let reference = measured[1]
        context.say(table(["patch", "tokens T", "MFLOPs/img (formula)", "T² share", "measured µs/img", "GFLOP/s",
                           "time ×, vs T = 50", "FLOPs ×, vs T = 50"], measured.map { m in
            [String(m.patchSize), String(m.tokens), String(format: "%.2f", Double(m.flops) / 1e6),
             String(format: "%.0f%%", 100 * AttentionCost.quadraticShare(tokens: m.tokens, channels: 64)),
             String(format: "%.0f", 1e6 * m.secondsPerImage), String(format: "%.1f", m.gigaflopsPerSecond),
             String(format: "%.2f", m.secondsPerImage / reference.secondsPerImage),
             String(format: "%.2f", Double(m.flops) / Double(reference.flops))]
        }))
        context.say("formula: 3 × (24·T·C² + 4·T²·C) per image (the linear layers, then Q·Kᵀ and P·V; norms, GELU and "
                    + "softmax not counted). A short timing (batch 32, the fastest of \(repeats) after a warm-up, "
                    + "\(KernelWorkers.count) kernel worker\(KernelWorkers.count == 1 ? "" : "s")), not a benchmark; the "
                    + "uncounted work (softmax over T² scores, the norms, GELU) and the per-head products' speed are what "
                    + "the formula leaves out.")
        let last = measured.last!
        let (timeGrowth, flopGrowth) = (last.secondsPerImage / reference.secondsPerImage, Double(last.flops) / Double(reference.flops))
        context.say(String(format: "from T = 50 to %d the time grew ×%.2f, the formula's FLOPs ×%.2f (%+.0f%%); the linear term "
                           + "alone would give ×%.2f", last.tokens, timeGrowth, flopGrowth, 100 * (timeGrowth / flopGrowth - 1),
                           Double(last.tokens) / Double(reference.tokens)))
        for m in measured { context.result("block µs per image at T=\(m.tokens)", .number(1e6 * m.secondsPerImage)) }
        let tokens = measured.map { Double($0.tokens) }
        try context.draw(Chart(
            name: "attention-cost", title: context.chartTitle("一个 Transformer 块的训练时间与 token 数（相对 T = 50）"),
            content: .series([
                Series("measured forward + backward", x: tokens,
                       y: measured.map { $0.secondsPerImage / reference.secondsPerImage }, style: .linesPoints),
                Series("formula 3·(24·T·C² + 4·T²·C)", x: tokens,
                       y: measured.map { Double($0.flops) / Double(reference.flops) }, style: .dashedLines),
                Series("linear term alone, ∝ T", x: tokens, y: tokens.map { $0 / tokens[1] }, style: .dashedLines),
            ]),
            xAxis: Axis("tokens T (patch 7, 4, 2 and the class token; log scale)", logarithmic: true, range: 12...280),
            yAxis: Axis("relative to T = 50 (log scale)", logarithmic: true), legendPosition: "top left"))
    }
}
