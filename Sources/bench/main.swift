// `make bench`: the engine's training speed on the article's CNN (1×28×28, batch 64, Adam) beside PyTorch's,
// its GEMMs against raw cblas_sgemm, the FLOP bound, allocations per step and peak memory.
//
//   bench [--steps N] [--repeats R] [--rounds K] [--threads 1,2] [--no-pytorch] [--profile]
//
// Other processes share the two cores, so each figure is the best of several timings: per thread count the
// bench alternates ours and PyTorch's for K rounds (default 2), each round the fastest of R runs of N steps.
import DeepLearning
import Foundation
import Kernels

struct Options {
    var steps = 20
    var repeats = 3
    var rounds = 2
    var warmup = 5
    var threads = [1, 2]
    var pytorch = true
    var profile = false

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--steps": steps = Self.number(rest.popFirst(), for: argument)
            case "--repeats": repeats = Self.number(rest.popFirst(), for: argument)
            case "--rounds": rounds = Self.number(rest.popFirst(), for: argument)
            case "--threads":
                guard let list = rest.popFirst()?.split(separator: ",").compactMap({ Int($0) }), !list.isEmpty else {
                    Self.usage("--threads needs a list such as 1,2")
                }
                threads = list
            case "--no-pytorch": pytorch = false
            case "--profile": profile = true
            default: Self.usage("unknown option \(argument)")
            }
        }
    }

    static func number(_ text: String?, for option: String) -> Int {
        guard let text, let value = Int(text), value > 0 else { usage("\(option) needs a positive number") }
        return value
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("bench: \(problem)\nusage: bench [--steps N] [--repeats R] [--rounds K] [--threads 1,2] [--no-pytorch] [--profile]\n".utf8))
        exit(1)
    }
}

if CommandLine.arguments.count == 3 && CommandLine.arguments[1] == AllocationProbe.flag {
    try AllocationProbe.runChild(steps: Int(CommandLine.arguments[2]) ?? 5)
}
let options = Options(CommandLine.arguments)
let imagesPerStep = Double(TrainingStep.batch)
let summary = try ModelSummary(of: TrainingStep().model, inputShape: [TrainingStep.batch, 1, 28, 28])
let stepFlopsPerImage = Double(summary.trainingStepFlops) / Double(TrainingStep.batch)
let pytorchAvailable = options.pytorch && PyTorchReference.isAvailable()
print("bench: the article's CNN at 1×28×28, batch 64, forward + backward + Adam; \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("bench: \(options.warmup) warm-up steps, then the fastest of \(options.repeats) runs of \(options.steps) steps, "
      + "best of \(options.rounds) rounds alternating with PyTorch")
print(summary)
if options.pytorch && !pytorchAvailable { print("bench: PyTorch not importable with \(PyTorchReference.python): our figures only") }

// 1. Training steps, ours and PyTorch's side by side per thread count. With several threads ours runs in both
//    modes of the thread rule: one caller with multi-threaded BLAS, or one worker per thread with one-thread BLAS.
struct Mode {
    var label: String
    var workers: Int
    var blasThreads: Int
}
struct Row {
    var threads: Int
    var ours: [(mode: Mode, imagesPerSecond: Double)] = []
    var pytorch: PyTorchResult?
    var gemms: [GemmTiming] = []
    var best: Double { ours.map(\.imagesPerSecond).max() ?? 0 }
    var bestMode: String { ours.max { $0.imagesPerSecond < $1.imagesPerSecond }?.mode.label ?? "" }
}
var rows: [Row] = []
let step = TrainingStep()
for threads in options.threads {
    var row = Row(threads: threads)
    let modes = threads == 1 ? [Mode(label: "1 thread", workers: 1, blasThreads: 1)]
        : [Mode(label: "BLAS ×\(threads)", workers: 1, blasThreads: threads),
           Mode(label: "workers ×\(threads)", workers: threads, blasThreads: 1)]
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
            print(String(format: "ours     %d thread(s), %@: %7.1f images/s (%.1f ms/step)", threads, mode.label,
                         imagesPerStep / seconds, seconds * 1000))
        }
        if pytorchAvailable,
           let pytorch = PyTorchReference.measure(threads: threads, steps: options.steps, repeats: options.repeats) {
            print(String(format: "PyTorch  %d thread(s): %7.1f images/s", threads, pytorch.imagesPerSecond))
            if pytorch.imagesPerSecond > row.pytorch?.imagesPerSecond ?? 0 { row.pytorch = pytorch }
        }
    }
    row.ours = zip(modes, best).map { ($0, $1) }
    rows.append(row)
}
let ourPeakMiB = peakResidentMiB()

// 2. The step's GEMMs: raw cblas_sgemm against the engine's wrapper, and the bound they set.
for index in rows.indices {
    rows[index].gemms = BLASThreads.with(rows[index].threads) {
        benchmarkGemms(repeats: max(5, options.repeats))  // cheap, and noisy
    }
}

// 3. Allocations in steady state.
let probeSteps = 5
let stepAllocations = AllocationProbe.countAllocations(steps: probeSteps)

// 4. Where the time goes, layer by layer (optional).
if options.profile {
    for row in rows {
        guard let mode = row.ours.max(by: { $0.imagesPerSecond < $1.imagesPerSecond })?.mode else { continue }
        print("\nprofile at \(row.threads) thread(s), \(mode.label):")
        BLASThreads.with(mode.blasThreads) {
            KernelWorkers.$count.withValue(mode.workers) { printProfile(of: step, repeats: options.repeats) }
        }
    }
}

// The table.
func format(_ value: Double?, _ pattern: String = "%.1f") -> String { value.map { String(format: pattern, $0) } ?? "—" }
print("")
print("                               " + rows.map { "\($0.threads) thread(s)".padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
func line(_ label: String, _ values: [String]) {
    print(label.padding(toLength: 31, withPad: " ", startingAt: 0) + values.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
}
line("ours, images/s (best mode)", rows.map { format($0.best) })
line("  mode", rows.map(\.bestMode))
var modeLabels: [String] = []
for row in rows { for entry in row.ours where !modeLabels.contains(entry.mode.label) { modeLabels.append(entry.mode.label) } }
for label in modeLabels where modeLabels.count > 1 {
    line("  ours, " + label, rows.map { row in format(row.ours.first { $0.mode.label == label }?.imagesPerSecond) })
}
line("PyTorch \(rows.first?.pytorch?.version ?? ""), images/s", rows.map { format($0.pytorch?.imagesPerSecond) })
line("ratio ours / PyTorch", rows.map { row in format(row.pytorch.map { row.best / $0.imagesPerSecond }, "%.2f×") })
let bounds = rows.map { row in imagesPerStep / row.gemms.reduce(0) { $0 + $1.raw } }
line("FLOP bound (raw sgemm), img/s", bounds.map { format($0) })
line("our share of the bound", zip(rows, bounds).map { format(100 * $0.best / $1, "%.0f%%") })
line("PyTorch's share of the bound", zip(rows, bounds).map { row, bound in
    format(row.pytorch.map { 100 * $0.imagesPerSecond / bound }, "%.0f%%") })
line("step GEMMs, GFLOP/s (raw)", rows.map { row in
    format(stepFlopsPerImage * imagesPerStep / row.gemms.reduce(0) { $0 + $1.raw } / 1e9) })
line("engine gemm / raw sgemm (fc)", rows.map { row in
    let wrapped = row.gemms.filter { $0.shape.calls == 1 }
    return format(100 * wrapped.reduce(0) { $0 + $1.raw } / wrapped.reduce(0) { $0 + $1.engine }, "%.1f%%") })
line("peak RSS, MiB (ours)", rows.map { _ in format(ourPeakMiB) })
line("peak RSS, MiB (PyTorch)", rows.map { format($0.pytorch?.peakResidentMiB) })
func describe(_ count: (swift: Int, openBLAS: Int)?) -> String {
    count.map { "\($0.swift) in Swift code, \($0.openBLAS) inside OpenBLAS" } ?? "not measured (no libc_malloc_debug)"
}
print("heap allocations per steady step (glibc mtrace, after \(probeSteps) steps; Trainer.step: zeroing, forward, "
      + "loss, backward, Adam): " + describe(stepAllocations))
print(String(format: "step FLOPs: %.1f MFLOP per image (forward, weight and input gradients)", stepFlopsPerImage / 1e6))
print("")
print("GEMMs of one step (\(rows.map { "\($0.threads) thread(s)" }.joined(separator: ", ")); GFLOP/s raw / through the engine):")
for (index, shape) in trainingStepGemms.enumerated() {
    let cells = rows.map { String(format: "%6.1f / %6.1f", shape.flops / $0.gemms[index].raw / 1e9, shape.flops / $0.gemms[index].engine / 1e9) }
    print("  " + "\(shape.label) \(shape.m)×\(shape.n)×\(shape.k)\(shape.calls > 1 ? " ×\(shape.calls)" : "")".padding(toLength: 40, withPad: " ", startingAt: 0) + cells.joined(separator: "   "))
}

printConvolutionGrouping(repeats: options.repeats)
