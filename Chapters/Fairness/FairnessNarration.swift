import Foundation
import Plotting

/// The tables and charts of `workbook fairness`, from recorded (or quick) results.
extension FairnessStep {
    /// "72.3 ± 1.4" in percent.
    static func percentages(_ summary: AccuracySummary?) -> String {
        summary.map { String(format: "%.1f ± %.1f", 100 * $0.mean, 100 * $0.standardDeviation) } ?? "–"
    }

    /// A paired change in points: "+12.3 ± 2.1 (10.1 SE)", or without SE for one seed.
    static func change(_ summary: AccuracySummary?) -> String {
        guard let summary else { return "–" }
        let points = String(format: "%+.1f ± %.1f", 100 * summary.mean, 100 * summary.standardDeviation)
        guard summary.count > 1, summary.standardError > 0 else { return points }
        return points + String(format: " (%.1f SE)", summary.mean / summary.standardError)
    }

    static func narrate(_ results: FairnessResults, classNames: [String], quick: Bool, in context: RunContext) throws {
        let budget = results.budget
        if quick { context.heading("The machinery on the quick budget (not results)") }
        context.say("Recall is a class's accuracy on its test images (1,000 of each class); on the balanced test set the "
                    + "overall accuracy is the mean of the ten recalls. Changes (Δ) are against plain seed by seed (the same kept images, "
                    + "weights and shuffle), mean ± sd over seeds " + budget.seeds.map(String.init).joined(separator: ", ")
                    + ", in points, with their standard errors.")
        for rareClass in budget.rareClasses where results.runs.contains(where: { $0.rareClass == rareClass }) {
            try narrate(results, rareClass: rareClass, classNames: classNames, in: context)
        }
        narrateCosts(results, in: context)
        narrateArticleMeasures(in: context)
    }

    /// One rare class: the disparity and mitigation table, the per-class recalls, where its errors go, τ, charts.
    static func narrate(_ results: FairnessResults, rareClass: Int, classNames: [String], in context: RunContext) throws {
        let budget = results.budget, name = classNames[rareClass]
        let fractions = budget.keepFractions
        context.heading("\(name) made rare: test recall and accuracy, mean ± sd over seeds (%)")
        var rows: [[String]] = []
        if let reference = results.summary(rareClass, keepFraction: 1, .plain, \.rareRecall) {
            let worst = results.runs(rareClass, keepFraction: 1, .plain).map { $0.disparity(of: rareClass).worstClass }
            rows.append(["100% (whole)", Mitigation.plain.label, percentages(reference), "",
                         percentages(results.summary(rareClass, keepFraction: 1, .plain, \.overallAccuracy)), "",
                         percentages(results.summary(rareClass, keepFraction: 1, .plain, \.gap)),
                         worstClasses(worst, classNames)])
        }
        for fraction in fractions {
            for mitigation in Mitigation.allCases {
                let runs = results.runs(rareClass, keepFraction: fraction, mitigation)
                guard let first = runs.first else { continue }
                let kept = first.fitClassCounts[rareClass]
                rows.append([String(format: "%g%% (%d)", 100 * fraction, kept), mitigation.label,
                             percentages(results.summary(rareClass, keepFraction: fraction, mitigation, \.rareRecall)),
                             mitigation == .plain ? "" : change(results.change(rareClass, keepFraction: fraction, mitigation, \.rareRecall)),
                             percentages(results.summary(rareClass, keepFraction: fraction, mitigation, \.overallAccuracy)),
                             mitigation == .plain ? "" : change(results.change(rareClass, keepFraction: fraction, mitigation, \.overallAccuracy)),
                             percentages(results.summary(rareClass, keepFraction: fraction, mitigation, \.gap)),
                             worstClasses(runs.map { $0.disparity(of: rareClass).worstClass }, classNames)])
                if let summary = results.summary(rareClass, keepFraction: fraction, mitigation, \.rareRecall) {
                    context.result("\(name) \(fraction) \(mitigation.rawValue): mean rare recall", .number(summary.mean))
                }
                if let summary = results.summary(rareClass, keepFraction: fraction, mitigation, \.overallAccuracy) {
                    context.result("\(name) \(fraction) \(mitigation.rawValue): mean test accuracy", .number(summary.mean))
                }
            }
        }
        context.say(table(["kept (\(name) images)", "method", "\(name) recall", "Δ", "overall accuracy", "Δ",
                           "\(name) − rest", "worst class (recall, per seed)"], rows))

        context.heading("\(name) made rare: every class's recall, plain, mean over seeds (%)")
        let settings = [1.0] + fractions
        context.say(table(["kept"] + classNames, settings.compactMap { fraction in
            let runs = results.runs(rareClass, keepFraction: fraction, .plain)
            guard !runs.isEmpty else { return nil }
            return [fraction == 1 ? "100%" : String(format: "%g%%", 100 * fraction)] + classNames.indices.map { c in
                String(format: "%.1f", 100 * runs.map { $0.disparity(of: rareClass).recalls[c] }.reduce(0, +) / Double(runs.count))
            }
        }))

        context.heading("Where \(name)'s test images go (its confusion row, mean over seeds; the largest three errors)")
        var destinations: [[String]] = []
        for fraction in settings {
            for mitigation in fraction == 1 ? [.plain] : Mitigation.allCases {
                let runs = results.runs(rareClass, keepFraction: fraction, mitigation)
                guard !runs.isEmpty else { continue }
                let row = classNames.indices.map { c in runs.map { $0.disparity(of: rareClass).rareRow[c] }.reduce(0, +) / Double(runs.count) }
                let errors = classNames.indices.filter { $0 != rareClass }.sorted { row[$0] > row[$1] }.prefix(3)
                destinations.append([fraction == 1 ? "100%" : String(format: "%g%%", 100 * fraction), mitigation.label,
                                     String(format: "%.1f", 100 * row[rareClass])]
                                    + errors.map { String(format: "%@ %.1f", classNames[$0], 100 * row[$0]) })
            }
        }
        context.say(table(["kept", "method", "as \(name)", "1st error", "2nd", "3rd"], destinations))

        let tuned = fractions.compactMap { fraction -> String? in
            let taus = results.runs(rareClass, keepFraction: fraction, .tunedLogitAdjustment).compactMap(\.tau)
            return taus.isEmpty ? nil : String(format: "%g%%: ", 100 * fraction) + taus.map { String(format: "%g", $0) }.joined(separator: ", ")
        }
        if !tuned.isEmpty {
            context.say("τ chosen on the \(budget.validationLimit > 0 ? budget.validationLimit : 5_000) validation images "
                        + "(the highest balanced accuracy over τ = 0, 0.25, …, 3), per seed: " + tuned.joined(separator: "; "))
        }
        try drawAgainstFraction(results, rareClass: rareClass, name: name, measure: \.rareRecall,
                                chart: "rare-recall-\(slug(name))", yLabel: "\(name) test recall (%)", yRange: 0...100,
                                title: "\(name) 只保留部分训练样本：该类召回率与保留比例", in: context)
        try drawAgainstFraction(results, rareClass: rareClass, name: name, measure: \.overallAccuracy,
                                chart: "overall-accuracy-\(slug(name))", yLabel: "overall test accuracy (%)", yRange: nil,
                                title: "\(name) 只保留部分训练样本：总体测试准确率与保留比例", in: context)
    }

    /// "Shirt 54.1, Shirt 50.2, Pullover 71.0".
    static func worstClasses(_ worst: [(class: Int, recall: Double)], _ classNames: [String]) -> String {
        worst.map { String(format: "%@ %.1f", classNames[$0.class], 100 * $0.recall) }.joined(separator: ", ")
    }

    /// "T-shirt/top" → "t-shirt-top": a chart file name.
    static func slug(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// One measure against the kept share (log x), one series per method (plain dashed: the "before"), the
    /// whole-class reference as a dotted line; the legend outside, where no line runs.
    static func drawAgainstFraction(_ results: FairnessResults, rareClass: Int, name: String,
                                    measure: KeyPath<Disparity, Double>, chart: String, yLabel: String,
                                    yRange: ClosedRange<Double>?, title: String, in context: RunContext) throws {
        let fractions = results.budget.keepFractions
        let series = Mitigation.allCases.compactMap { mitigation -> Series? in
            let points = fractions.compactMap { f in
                results.summary(rareClass, keepFraction: f, mitigation) { $0[keyPath: measure] }.map { (100 * f, 100 * $0.mean) }
            }
            return points.isEmpty ? nil : Series(mitigation.label, x: points.map(\.0), y: points.map(\.1),
                                                 style: mitigation == .plain ? .dashedLines : .linesPoints)
        }
        guard !series.isEmpty else { return }
        let reference = results.summary(rareClass, keepFraction: 1, .plain) { $0[keyPath: measure] }
        try context.draw(Chart(
            name: chart, title: context.chartTitle(title), content: .series(series),
            xAxis: Axis("share of the \(name) fit images kept (log scale)", logarithmic: true,
                        range: 0.7 * 100 * fractions.min()! ... 1.4 * 100 * fractions.max()!,
                        labelledTicks: fractions.map { Marker(at: 100 * $0, String(format: "%g%%", 100 * $0)) }),
            yAxis: Axis(yLabel + ", mean over seeds " + results.budget.seeds.map(String.init).joined(separator: ", "),
                        range: yRange),
            horizontalMarkers: reference.map { [Marker(at: 100 * $0.mean, String(format: "all %@ images: %.1f%%", name, 100 * $0.mean))] } ?? [],
            legendPosition: "outside"))
    }

    /// What each mitigation costs in training: images seen and seconds per run.
    static func narrateCosts(_ results: FairnessResults, in context: RunContext) {
        context.heading("What each method costs in training (mean per run)")
        context.say(table(["method", "runs", "steps", "images seen", "training seconds"], Mitigation.allCases.compactMap { mitigation in
            let runs = results.runs.filter { $0.mitigation == mitigation && $0.rareClass != nil }
            guard !runs.isEmpty else { return nil }
            func mean(_ value: (FairnessRun) -> Double) -> Double { runs.map(value).reduce(0, +) / Double(runs.count) }
            return [mitigation.label, String(runs.count), String(format: "%.0f", mean { Double($0.steps) }),
                    String(format: "%.0f", mean { Double($0.trainedImages) }), String(format: "%.1f", mean(\.trainingSeconds))]
        }))
        context.say("The logit adjustments train nothing: they read the plain model's test logits (and, tuned, its "
                    + "validation logits). Oversampling's epoch is longer: the rare class is drawn up to the largest class's count.")
        let seconds = results.runs.reduce(0) { $0 + $1.trainingSeconds }
        context.say(String(format: "training time of the recorded runs: %.1f minutes (evaluation excluded)", seconds / 60))
    }

    /// The article's four measures, and which of them this experiment is an instance of.
    static func narrateArticleMeasures(in context: RunContext) {
        context.heading("The article's four measures (§9.4) and this experiment")
        context.say(table(["§9.4 measure", "here"], [
            ["1 数据清洗 (cleaning out bias)", "no: no image or label is removed or fixed; an under-represented group is not a "
                + "fault to clean away (removing images only makes it rarer)"],
            ["2 公平性评估 (fairness evaluation)", "yes: per-class recall, the worst class, the rare class's gap to the rest "
                + "and its confusion row, over seeds, on a balanced test set; and the mitigations that reduce the gap"],
            ["3 训练多样性数据 (diverse data)", "yes: the kept share (2% → 20% → whole) is how much of the group the data "
                + "holds; weighting and oversampling stand in for data that cannot be collected"],
            ["4 透明性和可解释性 (transparency)", "only in part: the per-group results are published (records, tables); "
                + "nothing here explains a decision (§8.3's `workbook saliency` maps what the CNN looks at)"],
        ]))
    }
}
