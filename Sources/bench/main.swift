// `make bench`: the engine's training speed (1×28×28, batch 64, Adam) beside PyTorch's, on the article's CNN and
// on §5.3.3's small ResNet (and, when asked, its DenseNet-BC); for the CNN also its GEMMs against raw
// cblas_sgemm and the FLOP bound; allocations per step and peak memory.
//
//   bench [--models cnn,resnet] [--steps N] [--repeats R] [--rounds K] [--threads 1,2] [--no-pytorch] [--profile]
//         [--cpu-clock]
//
// --cpu-clock times our side on the calling thread's CPU clock instead of the wall clock: on a busy machine the
// time the thread waited for a core is left out. Only meaningful at 1 thread (a second worker's time is not
// counted), and PyTorch's figures stay wall-clock.
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
    var models: [BenchModel] = [.cnn, .resnet]
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
            case "--models":
                let names = rest.popFirst()?.split(separator: ",").map(String.init) ?? []
                let list = names.compactMap(BenchModel.init(rawValue:))
                guard !list.isEmpty, list.count == names.count else {
                    Self.usage("--models needs a list of " + BenchModel.allCases.map(\.rawValue).joined(separator: ", "))
                }
                models = list
            case "--no-pytorch": pytorch = false
            case "--profile": profile = true
            case "--cpu-clock": break  // read by `timingClock`
            default: Self.usage("unknown option \(argument)")
            }
        }
    }

    static func number(_ text: String?, for option: String) -> Int {
        guard let text, let value = Int(text), value > 0 else { usage("\(option) needs a positive number") }
        return value
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("bench: \(problem)\nusage: bench [--models cnn,resnet] [--steps N] [--repeats R] [--rounds K] [--threads 1,2] [--no-pytorch] [--profile] [--cpu-clock]\n".utf8))
        exit(1)
    }
}

if CommandLine.arguments.count == 4 && CommandLine.arguments[1] == AllocationProbe.flag {
    try AllocationProbe.runChild(steps: Int(CommandLine.arguments[2]) ?? 5,
                                 model: BenchModel(rawValue: CommandLine.arguments[3]) ?? .cnn)
}
let options = Options(CommandLine.arguments)
let imagesPerStep = Double(TrainingStep.batch)
let pytorchAvailable = options.pytorch && PyTorchReference.isAvailable()
print("bench: forward + backward + Adam at 1×28×28, batch \(TrainingStep.batch); \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("bench: \(options.warmup) warm-up steps, then the fastest of \(options.repeats) runs of \(options.steps) steps, "
      + "best of \(options.rounds) rounds alternating with PyTorch")
if options.pytorch && !pytorchAvailable { print("bench: PyTorch not importable with \(PyTorchReference.python): our figures only") }
func format(_ value: Double?, _ pattern: String = "%.1f") -> String { value.map { String(format: pattern, $0) } ?? "—" }
func line(_ label: String, _ values: [String]) {
    print(label.padding(toLength: 31, withPad: " ", startingAt: 0) + values.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
}
func describe(_ count: (swift: Int, openBLAS: Int)?) -> String {
    count.map { "\($0.swift) in Swift code, \($0.openBLAS) inside OpenBLAS" } ?? "not measured (no libc_malloc_debug)"
}
/// The rows every model's table has: ours in each mode, PyTorch's, the ratio.
func printSpeedLines(_ rows: [Row]) {
    print("                               " + rows.map { "\($0.threads) thread(s)".padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
    line("ours, images/s (best mode)", rows.map { format($0.best) })
    line("  mode", rows.map(\.bestMode))
    var modeLabels: [String] = []
    for row in rows { for entry in row.ours where !modeLabels.contains(entry.mode.label) { modeLabels.append(entry.mode.label) } }
    for label in modeLabels where modeLabels.count > 1 {
        line("  ours, " + label, rows.map { row in format(row.ours.first { $0.mode.label == label }?.imagesPerSecond) })
    }
    line("PyTorch \(rows.first?.pytorch?.version ?? ""), images/s", rows.map { format($0.pytorch?.imagesPerSecond) })
    line("ratio ours / PyTorch", rows.map { row in format(row.pytorch.map { row.best / $0.imagesPerSecond }, "%.2f×") })
}
/// Where the time goes, per thread count in its best mode.
func profile(_ step: TrainingStep, _ rows: [Row]) {
    for row in rows {
        guard let mode = row.bestModeValue else { continue }
        print("\nprofile at \(row.threads) thread(s), \(mode.label):")
        BLASThreads.with(mode.blasThreads) {
            KernelWorkers.$count.withValue(mode.workers) { printProfile(of: step, repeats: options.repeats) }
        }
    }
}

for model in options.models where model != .cnn {
    let step = TrainingStep(model)
    let summary = try ModelSummary(of: step.model, inputShape: [TrainingStep.batch, 1, 28, 28])
    print("\n═══ \(model.description): \(summary.totalParameterCount) parameters, "
          + String(format: "%.1f", Double(summary.trainingStepFlops) / imagesPerStep / 1e6) + " MFLOP per image and step ═══")
    let rows = try measureSteps(step, model: model, options: options, pytorch: pytorchAvailable)
    print("")
    printSpeedLines(rows)
    print("heap allocations per steady step (glibc mtrace): " + describe(AllocationProbe.countAllocations(steps: 5, model: model)))
    if options.profile { profile(step, rows) }
}
guard options.models.contains(.cnn) else { exit(0) }

// The article's CNN, with the analysis of its GEMMs.
let step = TrainingStep()
let summary = try ModelSummary(of: step.model, inputShape: [TrainingStep.batch, 1, 28, 28])
let stepFlopsPerImage = Double(summary.trainingStepFlops) / Double(TrainingStep.batch)
print("\n═══ \(BenchModel.cnn.description) ═══")
print(summary)

// 1. Training steps, ours and PyTorch's side by side per thread count.
var rows = try measureSteps(step, model: .cnn, options: options, pytorch: pytorchAvailable)
let ourPeakMiB = peakResidentMiB()

// 2. The step's GEMMs: raw cblas_sgemm against the engine's wrapper, and the bound they set.
for index in rows.indices {
    rows[index].gemms = BLASThreads.with(rows[index].threads) {
        benchmarkGemms(repeats: max(5, options.repeats))  // cheap, and noisy
    }
}

// 3. Allocations in steady state.
let probeSteps = 5
let stepAllocations = AllocationProbe.countAllocations(steps: probeSteps, model: .cnn)

// 4. Where the time goes, layer by layer (optional).
if options.profile { profile(step, rows) }

// The table.
print("")
printSpeedLines(rows)
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
