import Foundation
import Plotting

/// What a step writes through while it runs: its narration (stdout), its charts (Plots/<section>-<command>/) and
/// its run record (run.json in the same folder).
public final class RunContext {
    public let section: ArticleSection
    public let command: String
    /// The folder of this step's charts and record.
    public let directory: URL
    /// The folder holding the committed full runs' sub-folders, where a step reads recorded runs back (§5.2.3's
    /// seeds): the plots root itself, unless this run writes elsewhere (a quick run writes into `PlotsFolder.quick`).
    public let recordsRoot: URL
    /// Where run.json goes: `directory`, unless the step files its record under a sub-folder (`recordIn`).
    public private(set) var recordDirectory: URL
    public private(set) var record: RunRecord
    private let charts: ChartWriter

    /// False on every rank but rank 0 of a data-parallel job: it says nothing, draws nothing, records nothing.
    public let speaks: Bool

    /// `plotsRoot` is the folder that receives one sub-folder per step (the repository's Plots/ for full runs);
    /// `recordsRoot` (default: `plotsRoot`) the one recorded runs are read from.
    public init(step: any ChapterStep.Type, plotsRoot: URL, recordsRoot: URL? = nil,
                rendersCharts: Bool = ChartWriter.gnuplotIsAvailable, speaks: Bool = true) {
        self.speaks = speaks
        self.recordsRoot = recordsRoot ?? plotsRoot
        section = step.section
        command = step.command
        directory = plotsRoot.appendingPathComponent(step.folderName)
        recordDirectory = directory
        charts = ChartWriter(directory: directory, rendersImages: rendersCharts)
        record = RunRecord(command: step.command, section: step.section.heading, environment: .current(),
                           startedAt: ISO8601DateFormatter().string(from: Date()))
    }

    // MARK: Narration

    /// Prints one line of the narration (rank 0 only), at once: a pipe or a log file would otherwise hold the
    /// lines back (block buffering) until the end of a long run, after the progress bar's lines on stderr.
    public func say(_ line: String = "") {
        guard speaks else { return }
        print(line)
        fflush(nil)
    }

    /// Prints a sub-heading inside the step.
    public func heading(_ text: String) {
        guard speaks else { return }
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
    /// Files this run's record under `subfolder` of the step's folder (a step that keeps one record per run there,
    /// e.g. "runs/resnet/seed-0"), so that it does not replace the step's own run.json.
    public func recordIn(_ subfolder: String) { recordDirectory = directory.appendingPathComponent(subfolder) }

    // MARK: Charts

    /// "4.1 梯度下降（Gradient Descent）：<subtitle>": every chart title starts with the article's heading.
    public func chartTitle(_ subtitle: String) -> String { "\(section.heading)：\(subtitle)" }

    /// Writes the chart (data, script and, with gnuplot, PNG and SVG) into this step's folder.
    public func draw(_ chart: Chart) throws {
        guard speaks else { return }
        let outcome = try charts.write(chart)
        record.charts += outcome.files.filter { !$0.hasSuffix(".dat") && !$0.hasSuffix(".gp") }
        if !outcome.gnuplotMessages.isEmpty {
            say("gnuplot on \(chart.name): " + outcome.gnuplotMessages.split(separator: "\n").joined(separator: " | "))
        }
        say(charts.rendersImages ? "chart: \(directory.lastPathComponent)/\(chart.name).png (.svg, .gp, .dat)"
                                 : "chart data: \(directory.lastPathComponent)/\(chart.name).gp, .dat")
    }

    var rendersCharts: Bool { charts.rendersImages }

    /// For a step that started its own MPI job (`workbook chapter 5` running the model-parallel step): that job's
    /// rank 0 writes this step's record, so this context writes none over it.
    public func leaveRecordToChildJob() { writesRecord = false }
    private(set) var writesRecord = true

    /// Writes run.json (sorted keys, so two runs differ only where their numbers do).
    func writeRecord(wallTime: Double) throws {
        guard speaks && writesRecord else { return }
        record.wallTimeSeconds = wallTime
        var usage = rusage()
        if getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 { record.peakResidentMiB = Double(usage.ru_maxrss) / 1024 }
        try FileManager.default.createDirectory(at: recordDirectory, withIntermediateDirectories: true)
        try JSONEncoder.records.encode(record).write(to: recordDirectory.appendingPathComponent("run.json"))
    }
}
