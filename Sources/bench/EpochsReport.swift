import Foundation

/// What `bench epochs` measured, as it writes it with `--report DIR`: epochs.json (every raw figure) and EPOCHS.md
/// (the tables). Nothing is written without `--report`, so that an ad-hoc run cannot overwrite the committed one.
struct EpochsReport: Codable {
    /// Issue 14: whole epochs at ≥ 90% of the step's images per second.
    static let target = 0.9

    var date: String
    var machine: BenchMachine
    var settings: EpochSettings
    /// The PyTorch command of each round (empty without PyTorch).
    var pytorchCommand: [String]
    var ours: [EngineRound]
    var pytorch: [EngineRound]
    var summaries: [EngineSummary]

    init(machine: BenchMachine, settings: EpochSettings, pytorchCommand: [String], ours: [EngineRound],
         pytorch: [EngineRound]) {
        date = ISO8601DateFormatter().string(from: Date())
        (self.machine, self.settings, self.pytorchCommand, self.ours, self.pytorch) = (machine, settings, pytorchCommand, ours, pytorch)
        summaries = [EngineSummary(engine: "ours", rounds: ours)]
            + (pytorch.isEmpty ? [] : [EngineSummary(engine: "PyTorch", rounds: pytorch)])
    }

    /// Writes epochs.json and EPOCHS.md into `directory`; returns their names.
    func write(to directory: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: directory.appendingPathComponent("epochs.json"))
        try markdown.write(to: directory.appendingPathComponent("EPOCHS.md"), atomically: true, encoding: .utf8)
        return ["epochs.json", "EPOCHS.md"]
    }

    /// The medians over rounds with their ranges, one row per engine (a Markdown table, also what the console shows).
    var summaryTable: String {
        var text = """
            | engine | step, img/s | whole epochs, img/s | epochs / step (≥ \(Int(Self.target * 100))%?) | loader wait | evaluation, s per epoch | last / first epoch |
            |---|---|---|---|---|---|---|

            """
        for summary in summaries {
            let verdict = summary.meetsTarget.map { $0 ? " ✓" : " ✗" } ?? ""
            text += "| \(summary.engine) | \(spread(summary.step)) | \(spread(summary.wholeEpoch)) | "
                + "\(spread(summary.ratio, "%.0f%%", scale: 100))\(verdict) | \(spread(summary.loaderWaitShare, "%.1f%%", scale: 100)) | "
                + "\(spread(summary.evaluationSeconds)) | \(spread(summary.trend, "%.3f")) |\n"
        }
        return text
    }

    /// Every round and epoch of one engine (a Markdown table).
    func roundTable(_ rounds: [EngineRound]) -> String {
        var text = """
            | round | step, img/s | epoch | training s | img/s | / step | loader wait s (share) | evaluation s | MHz before → after step; epochs |
            |---|---|---|---|---|---|---|---|---|

            """
        for round in rounds {
            let clocks = "\(mhz(round.stepClock)); \(mhz(round.epochsClock))"
            guard !round.epochs.isEmpty else {
                text += "| \(round.round) | \(format(round.stepImagesPerSecond)) | — (failed) | | | | | | \(clocks) |\n"
                continue
            }
            for (index, epoch) in round.epochs.enumerated() {
                let ratio = round.epochRatios.indices.contains(index) ? format(100 * round.epochRatios[index], "%.0f%%") : "—"
                text += "| \(round.round) | \(index == 0 ? format(round.stepImagesPerSecond) : "") | \(epoch.epoch) | "
                    + "\(format(epoch.trainingSeconds, "%.2f")) | \(format(epoch.imagesPerSecond)) | \(ratio) | "
                    + "\(format(epoch.loaderWaitSeconds, "%.2f")) (\(format(100 * epoch.loaderWaitSeconds / epoch.trainingSeconds, "%.1f%%"))) | "
                    + "\(format(epoch.evaluationSeconds, "%.2f")) | \(index == 0 ? clocks : "") |\n"
            }
        }
        return text
    }

    var markdown: String {
        let environment = machine.environment, s = settings
        return """
            # Whole epochs against the training step

            `bench epochs` on \(date): commit `\(environment.gitCommit ?? "unknown")`, \(environment.swiftVersion ?? "Swift ?"); \
            \(environment.cpuModel), \(environment.logicalCores) logical cores; OpenBLAS `\(machine.openBLASCore)`; \
            PyTorch \(machine.pytorchVersion ?? "not measured").

            \(s.rounds) round(s) at \(s.threads) thread(s), each in this order: our step (the fastest of \(s.repeats) \
            runs of \(s.steps) steps after \(s.warmup) warm-up, \(s.threads) kernel worker(s), as `make bench`), our \
            \(s.epochs) epoch(s) of §5.2.3's recipe on \(s.fitImages) fit images through `CNNTrainer` (seed \(s.seed), \
            \(s.producers) loader producer thread(s), as `workbook training`), PyTorch's step (`pytorch_reference.py`), \
            PyTorch's epochs (`\(pytorchCommand.isEmpty ? "pytorch_train_reference.py" : pytorchCommand.joined(separator: " "))`).

            - **step**: images/s of one training step on a fixed batch of 64.
            - **whole epochs**: the round's images over its training-loop seconds (evaluation excluded); **epochs / \
            step** its ratio to the round's step, the criterion of issue 14 (≥ \(Int(Self.target * 100))%).
            - **loader wait**: the share of the training loop the training thread spent inside the loader — ours: \
            `batches(epoch:)` and every `next()` of the `DataLoader` (waiting for its producer thread); PyTorch's \
            twin: the epoch's `randperm` and each batch's index gather (its data are in-memory tensors).
            - **evaluation**: validation (\(s.evaluationImages.map(String.init) ?? "5,000") images) and test \
            (\(s.evaluationImages.map(String.init) ?? "10,000")) forward passes after each epoch.
            - **last / first epoch**: the sustained-clock question; the CPU's "cpu MHz" (mean over cores, \
            /proc/cpuinfo) is read before and after each part.

            Medians over rounds, ranges in brackets:

            \(summaryTable)
            ## Ours, round by round

            \(roundTable(ours))
            ## PyTorch, round by round

            \(pytorch.isEmpty ? "Not measured (\(s.pytorch ? "PyTorch not importable; `make bench-pytorch`" : "--no-pytorch")).\n" : roundTable(pytorch))
            """
    }

    private func spread(_ spread: Spread?, _ pattern: String = "%.1f", scale: Double = 1) -> String {
        guard let spread else { return "—" }
        let value = { format($0 * scale, pattern) }
        return spread.low == spread.high ? value(spread.median)
            : "\(value(spread.median)) [\(value(spread.low))–\(value(spread.high))]"
    }

    private func mhz(_ clock: ClockReading) -> String { "\(format(clock.before, "%.0f")) → \(format(clock.after, "%.0f"))" }
}
