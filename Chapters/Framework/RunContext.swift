import Foundation
import Plotting

/// What a step writes through while it runs: its narration (stdout), its charts (Plots/<section>-<command>/) and
/// its run record (run.json in the same folder).
public final class RunContext {
    public let section: ArticleSection
    public let command: String
    /// The folder of this step's charts and record.
    public let directory: URL
    public private(set) var record: RunRecord
    private let charts: ChartWriter

    /// `plotsRoot` is the folder holding one sub-folder per step (the repository's Plots/).
    public init(step: any ChapterStep.Type, plotsRoot: URL, rendersCharts: Bool = ChartWriter.gnuplotIsAvailable) {
        section = step.section
        command = step.command
        directory = plotsRoot.appendingPathComponent(step.folderName)
        charts = ChartWriter(directory: directory, rendersImages: rendersCharts)
        record = RunRecord(command: step.command, section: step.section.heading, environment: .current(),
                           startedAt: ISO8601DateFormatter().string(from: Date()))
    }

    // MARK: Narration

    /// Prints one line of the narration.
    public func say(_ line: String = "") { print(line) }

    /// Prints a sub-heading inside the step.
    public func heading(_ text: String) {
        print("\n── \(text) " + String(repeating: "─", count: max(3, 72 - text.count)))
    }

    // MARK: Record

    public func parameter(_ name: String, _ value: RecordValue) { record.parameters[name] = value }
    /// Several numeric parameters at once.
    public func parameters(_ values: KeyValuePairs<String, Double>) {
        for (name, value) in values { record.parameters[name] = .number(value) }
    }
    public func result(_ name: String, _ value: RecordValue) { record.results[name] = value }
    public func epoch(_ epoch: EpochRecord) { record.epochs.append(epoch) }
    public func seed(_ seed: UInt64) { record.seed = seed }
    public func blasThreads(_ threads: Int) { record.blasThreads = threads }

    // MARK: Charts

    /// "4.1 梯度下降（Gradient Descent）：<subtitle>": every chart title starts with the article's heading.
    public func chartTitle(_ subtitle: String) -> String { "\(section.heading)：\(subtitle)" }

    /// Writes the chart (data, script and, with gnuplot, PNG and SVG) into this step's folder.
    public func draw(_ chart: Chart) throws {
        let outcome = try charts.write(chart)
        record.charts += outcome.files.filter { !$0.hasSuffix(".dat") && !$0.hasSuffix(".gp") }
        if !outcome.gnuplotMessages.isEmpty {
            say("gnuplot on \(chart.name): " + outcome.gnuplotMessages.split(separator: "\n").joined(separator: " | "))
        }
        say(charts.rendersImages ? "chart: \(directory.lastPathComponent)/\(chart.name).png (.svg, .gp, .dat)"
                                 : "chart data: \(directory.lastPathComponent)/\(chart.name).gp, .dat")
    }

    var rendersCharts: Bool { charts.rendersImages }

    /// Writes run.json (sorted keys, so two runs differ only where their numbers do).
    func writeRecord(wallTime: Double) throws {
        record.wallTimeSeconds = wallTime
        var usage = rusage()
        if getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 { record.peakResidentMiB = Double(usage.ru_maxrss) / 1024 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try encoder.encode(record).write(to: directory.appendingPathComponent("run.json"))
    }
}

/// Runs steps: prints the section heading, times the step, writes its record.
public enum ChapterRunner {
    /// Runs `body` (a step with some options) in a fresh context and writes its run record.
    public static func run(_ step: any ChapterStep.Type, plotsRoot: String,
                           _ body: (RunContext) throws -> Void) throws {
        let context = RunContext(step: step, plotsRoot: URL(fileURLWithPath: plotsRoot))
        print("\n═══ §\(step.section.heading) — workbook \(step.command) ═══")
        print(step.abstract)
        if !context.rendersCharts { print(ChartWriter.missingGnuplotNotice) }
        let start = Date()
        try body(context)
        let seconds = Date().timeIntervalSince(start)
        try context.writeRecord(wallTime: seconds)
        print("record: \(context.directory.lastPathComponent)/run.json (\(String(format: "%.2f", seconds)) s)")
    }

    /// Runs every implemented step of `chapter` with default options, in article order.
    /// Throws when the chapter has no planned step, or none of them is implemented yet.
    public static func runChapter(_ chapter: Int, steps implemented: [any ChapterStep.Type], quick: Bool,
                                  plotsRoot: String) throws {
        let planned = WorkbookPlan.steps.filter { $0.section.chapter == chapter }
        guard !planned.isEmpty else {
            throw OptionError("chapter \(chapter): the article's section \(chapter) has nothing to compute; chapters: "
                              + WorkbookPlan.chapters.map(String.init).joined(separator: ", "))
        }
        let steps = planned.compactMap { plan in implemented.first { $0.command == plan.command } }
        guard !steps.isEmpty else {
            throw OptionError("chapter \(chapter): no step implemented yet (planned: "
                              + planned.map(\.command).joined(separator: ", ") + ")")
        }
        for step in steps {
            try run(step, plotsRoot: plotsRoot) { try step.runWithDefaults(quick: quick, in: $0) }
        }
    }

    /// The chapters with at least one implemented step.
    public static func implementedChapters(_ implemented: [any ChapterStep.Type]) -> [Int] {
        WorkbookPlan.chapters.filter { chapter in implemented.contains { $0.section.chapter == chapter } }
    }

    /// The text of `workbook list`: every planned step by chapter, with its section and whether it exists.
    public static func listing(implemented: [any ChapterStep.Type]) -> String {
        var lines: [String] = []
        for chapter in WorkbookPlan.chapters {
            lines.append("chapter \(chapter)")
            for plan in WorkbookPlan.steps where plan.section.chapter == chapter {
                let done = implemented.contains { $0.command == plan.command }
                let sections = ([plan.section] + plan.alsoCovers).map(\.heading).joined(separator: " · ")
                lines.append("  [\(done ? "x" : " ")] \(plan.command.padding(toLength: 18, withPad: " ", startingAt: 0)) §\(sections)")
                lines.append("      \(plan.shows)")
            }
        }
        lines.append("")
        lines.append("[x] implemented: `workbook <step>` runs it; `workbook chapter N` runs all of chapter N.")
        lines.append("`workbook errata` checks every known error of the article that an implemented step computes.")
        return lines.joined(separator: "\n")
    }
}
