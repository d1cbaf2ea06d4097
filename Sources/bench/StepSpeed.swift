import DeepLearning
import Kernels

/// How ours runs a step on `threads` cores: one caller with multi-threaded BLAS, or one kernel worker per thread,
/// each with one-thread BLAS (the workbook's thread rule).
struct Mode {
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

/// One thread count's training-step speeds: ours in each mode, and PyTorch's.
struct Row {
    var threads: Int
    var ours: [(mode: Mode, imagesPerSecond: Double)] = []
    var pytorch: PyTorchResult?
    var gemms: [GemmTiming] = []
    var best: Double { ours.map(\.imagesPerSecond).max() ?? 0 }
    var bestMode: String { ours.max { $0.imagesPerSecond < $1.imagesPerSecond }?.mode.label ?? "" }
    var bestModeValue: Mode? { ours.max { $0.imagesPerSecond < $1.imagesPerSecond }?.mode }
}

/// Times `step` in every mode and, when available, PyTorch's same model, alternating for `options.rounds`
/// rounds per thread count; each figure the best of its rounds (noise only adds time).
func measureSteps(_ step: TrainingStep, model: BenchModel, options: Options, pytorch: Bool) throws -> [Row] {
    let imagesPerStep = Double(TrainingStep.batch)
    var rows: [Row] = []
    for threads in options.threads {
        var row = Row(threads: threads)
        let modes = Mode.all(threads: threads)
        var best = [Double](repeating: 0, count: modes.count)
        for _ in 0..<options.rounds {
            for (index, mode) in modes.enumerated() {
                let seconds = try BLASThreads.with(mode.blasThreads) {
                    try KernelWorkers.$count.withValue(mode.workers) {
                        for _ in 0..<options.warmup { try step.run() }
                        return try bestSecondsPerCall(repeats: options.repeats, iterations: options.steps) { try step.run() }
                    }
                }
                best[index] = max(best[index], imagesPerStep / seconds)
                print(String(format: "ours     %@, %d thread(s), %@: %7.1f images/s (%.1f ms/step)", model.rawValue,
                             threads, mode.label, imagesPerStep / seconds, seconds * 1000))
            }
            if pytorch, let result = PyTorchReference.measure(model: model, threads: threads, steps: options.steps,
                                                              repeats: options.repeats) {
                print(String(format: "PyTorch  %@, %d thread(s): %7.1f images/s", model.rawValue, threads,
                             result.imagesPerSecond))
                if result.imagesPerSecond > row.pytorch?.imagesPerSecond ?? 0 { row.pytorch = result }
            }
        }
        row.ours = zip(modes, best).map { ($0, $1) }
        rows.append(row)
    }
    return rows
}
