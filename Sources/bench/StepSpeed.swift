import DeepLearning
import Kernels

/// How ours runs a step on `threads` cores: one caller with multi-threaded BLAS, or one kernel worker per thread,
/// each with one-thread BLAS (the workbook's thread rule).
struct Mode: Codable {
    var label: String
    var workers: Int
    var blasThreads: Int

    /// The modes worth timing on `threads` threads.
    static func all(threads: Int) -> [Mode] {
        threads == 1 ? [Mode(label: "1 thread", workers: 1, blasThreads: 1)]
            : [Mode(label: "BLAS ×\(threads)", workers: 1, blasThreads: threads),
               Mode(label: "workers ×\(threads)", workers: threads, blasThreads: 1)]
    }
}

/// One thread count's training-step speeds, round by round: ours in each mode, and PyTorch's.
struct Row {
    var threads: Int
    /// Images per second of each mode, one entry per round.
    var ours: [(mode: Mode, rounds: [Double])] = []
    /// PyTorch's result of each round (nil where its run failed; empty without PyTorch).
    var pytorch: [PyTorchResult?] = []

    /// Ours in each round: the faster mode of that round (what a user who picks the better mode gets).
    var oursPerRound: [Double] { (0..<(ours.first?.rounds.count ?? 0)).map { round in ours.map { $0.rounds[round] }.max()! } }
    /// ours / PyTorch per round, each pair timed minutes apart at most: the noise of the host moves both.
    var ratios: [Double] { zip(oursPerRound, pytorch).compactMap { ours, theirs in theirs.map { ours / $0.imagesPerSecond } } }
    var pytorchPerRound: [Double] { pytorch.compactMap { $0?.imagesPerSecond } }
    var bestMode: Mode? { ours.max { median($0.rounds) < median($1.rounds) }?.mode }
}

/// The median of `values` (the mean of the middle two for an even count); 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Times `step` in every mode and, when available, PyTorch's same model, alternating for `settings.rounds`
/// rounds per thread count; each round's figure the fastest of its repeats (noise only adds time), and the rounds
/// kept apart so that the report gives the median with its spread.
func measureSteps(_ step: TrainingStep, model: BenchModel, settings: BenchSettings, pytorch: Bool) throws -> [Row] {
    let imagesPerStep = Double(TrainingStep.batch)
    var rows: [Row] = []
    for threads in settings.threads {
        var row = Row(threads: threads)
        let modes = Mode.all(threads: threads)
        var rounds = [[Double]](repeating: [], count: modes.count)
        for round in 1...settings.rounds {
            for (index, mode) in modes.enumerated() {
                let seconds = try secondsPerStep(step, mode: mode, warmup: settings.warmup, repeats: settings.repeats,
                                                 steps: settings.steps)
                rounds[index].append(imagesPerStep / seconds)
                print(String(format: "round %d  ours     %@, %d thread(s), %@: %7.1f images/s (%.1f ms/step)", round,
                             model.rawValue, threads, mode.label, imagesPerStep / seconds, seconds * 1000))
            }
            guard pytorch else { continue }
            let result = PyTorchReference.measure(model: model, threads: threads, steps: settings.steps,
                                                  repeats: settings.repeats)
            if let result {
                print(String(format: "round %d  PyTorch  %@, %d thread(s): %7.1f images/s", round, model.rawValue,
                             threads, result.imagesPerSecond))
            }
            row.pytorch.append(result)
        }
        row.ours = zip(modes, rounds).map { ($0, $1) }
        rows.append(row)
    }
    return rows
}

/// Seconds per step of `step` in `mode`: `warmup` untimed steps, then the fastest of `repeats` runs of `steps`
/// steps (noise only adds time).
func secondsPerStep(_ step: TrainingStep, mode: Mode, warmup: Int, repeats: Int, steps: Int) throws -> Double {
    try BLASThreads.with(mode.blasThreads) {
        try KernelWorkers.$count.withValue(mode.workers) {
            for _ in 0..<warmup { try step.run() }
            return try bestSecondsPerCall(repeats: repeats, iterations: steps) { try step.run() }
        }
    }
}
