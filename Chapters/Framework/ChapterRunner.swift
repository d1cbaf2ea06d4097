import Foundation
import Plotting

/// Where runs write: full runs into Plots/, whose records and charts are committed; quick runs (`--quick`, `make
/// workbook`) into Plots/quick/, which git ignores, so that a quick run never overwrites a full run's results.
public enum PlotsFolder {
    public static let full = "Plots"
    public static let quick = "Plots/quick"

    /// The folder a run writes into: `explicit` (`--plots`) when given, else by the kind of run.
    public static func root(explicit: String?, quick: Bool) -> String { explicit ?? (quick ? Self.quick : full) }
    /// The folder recorded full runs are read from: `explicit` when given, else Plots/.
    public static func recordsRoot(explicit: String?) -> String { explicit ?? full }
}

/// Runs steps: prints the section heading, times the step, writes its record.
public enum ChapterRunner {
    /// Runs `body` (a step with some options) in a fresh context and writes its run record.
    /// `speaks` false (a data-parallel rank other than 0) runs the step silently and writes nothing.
    /// `recordsRoot` (default: `plotsRoot`) is where the step reads recorded runs from.
    public static func run(_ step: any ChapterStep.Type, plotsRoot: String, recordsRoot: String? = nil,
                           speaks: Bool = true, _ body: (RunContext) throws -> Void) throws {
        let context = RunContext(step: step, plotsRoot: URL(fileURLWithPath: plotsRoot),
                                 recordsRoot: recordsRoot.map { URL(fileURLWithPath: $0) }, speaks: speaks)
        context.say("\n═══ §\(step.section.heading) — workbook \(step.command) ═══")
        context.say(step.abstract)
        if !context.rendersCharts { context.say(ChartWriter.missingGnuplotNotice) }
        let start = Date()
        try body(context)
        let seconds = Date().timeIntervalSince(start)
        try context.writeRecord(wallTime: seconds)
        if context.writesRecord {
            let folder = context.recordDirectory.path.dropFirst(context.directory.deletingLastPathComponent().path.count + 1)
            context.say("record: \(folder)/run.json (\(String(format: "%.2f", seconds)) s)")
        }
    }

    /// Runs every implemented step of `chapter` with default options, in article order.
    /// Throws when the chapter has no planned step, or none of them is implemented yet.
    public static func runChapter(_ chapter: Int, steps implemented: [any ChapterStep.Type], quick: Bool,
                                  plotsRoot: String, recordsRoot: String? = nil) throws {
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
            try run(step, plotsRoot: plotsRoot, recordsRoot: recordsRoot) { try step.runWithDefaults(quick: quick, in: $0) }
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
