// `make bench`: the engine's training speed (1×28×28, batch 64, Adam) beside PyTorch's, on the article's CNN and
import Glibc
// on §5.3.3's small ResNet (and, when asked, its DenseNet-BC); every GEMM of their steps against raw cblas_sgemm
// and the measured FMA peak; allocations per step and peak memory. With `--report DIR` it writes the benchmark
// report there (REPORT.md, bench.json, charts); `make bench` writes Plots/bench/.
import ArgumentParser
import DeepLearning
import Foundation
import Kernels

/// What one bench run measures, as parsed from the command line (kept in the report).
struct BenchSettings: Codable {
    var steps: Int
    var repeats: Int
    var rounds: Int
    var warmup: Int
    var threads: [Int]
    var models: [String]
    var pytorch: Bool
    var cpuClock: Bool
}

/// The bench's command: `bench [steps]` (the default, what `make bench` runs) or `bench epochs`.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "The engine's training speed beside PyTorch's: the step (`bench steps`, the default) or whole epochs (`bench epochs`).",
        subcommands: [Steps.self, Epochs.self], defaultSubcommand: Steps.self)

    static func main() {
        // The bench re-runs itself as a child to count allocations and to read one model's peak memory.
        let arguments = CommandLine.arguments
        if arguments.count == 4 && arguments[1] == AllocationProbe.flag {
            do {
                try AllocationProbe.runChild(steps: Int(arguments[2]) ?? 5, model: BenchModel(rawValue: arguments[3]) ?? .cnn)
            } catch {
                FileHandle.standardError.write(Data("allocation probe: \(error)\n".utf8))
                Glibc.exit(2)
            }
        }
        if arguments.count == 3 && arguments[1] == MemoryProbe.flag {
            MemoryProbe.runChild(model: BenchModel(rawValue: arguments[2]) ?? .cnn)
        }
        Self.main(nil)
    }
}

/// `bench steps`: the training step of each model and thread count beside PyTorch's, its GEMMs, allocations, memory.
struct Steps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times the engine's training step beside PyTorch's, and every GEMM of it against the machine's peak.",
        discussion: """
            Other processes share the cores, so the bench alternates ours and PyTorch's for --rounds rounds per \
            thread count (each round the fastest of --repeats runs of --steps steps, after --warmup steps) and \
            reports the median ratio with its spread. PyTorch is found as $PYTHON (else python3); without torch the \
            bench reports our figures only (`make bench-pytorch` makes a venv with it). Nothing is written unless \
            --report is given. `bench epochs` times whole epochs against the step instead (see its --help).
            """)

    @Option(help: ArgumentHelp("Models to time, comma-separated: " + BenchModel.allCases.map(\.rawValue).joined(separator: ", ") + "."))
    var models = "cnn,resnet"
    @Option(help: "Thread counts, comma-separated.")
    var threads = "1,2"
    @OptionGroup var timing: StepTimingOptions
    @Option(help: "Rounds alternating ours and PyTorch's; the report gives their median and spread.")
    var rounds = 5
    @Flag(help: "Our figures only, even when PyTorch is importable.")
    var noPytorch = false
    @Flag(help: "Also print where the step's time goes, layer kind by layer kind.")
    var profile = false
    @Flag(help: "Time ours on the calling thread's CPU clock (only meaningful at 1 thread on a busy machine).")
    var cpuClock = false
    @Option(help: "Write the report (REPORT.md, bench.json, charts) into this folder, e.g. Plots/bench.")
    var report: String?

    func validate() throws {
        guard rounds > 0 else { throw ValidationError("--rounds must be positive") }
        guard !parsedThreads.isEmpty, parsedThreads.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--threads needs positive counts such as 1,2")
        }
        let names = models.split(separator: ",").map(String.init)
        guard !names.isEmpty, names.allSatisfy({ BenchModel(rawValue: $0) != nil }) else {
            throw ValidationError("--models takes " + BenchModel.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    var parsedThreads: [Int] { threads.split(separator: ",").compactMap { Int($0) } }

    func run() throws {
        let (steps, repeats, warmup) = (timing.steps, timing.repeats, timing.warmup)
        let settings = BenchSettings(steps: steps, repeats: repeats, rounds: rounds, warmup: warmup,
                                     threads: parsedThreads, models: models.split(separator: ",").map(String.init),
                                     pytorch: !noPytorch, cpuClock: cpuClock)
        let pytorchAvailable = settings.pytorch && PyTorchReference.isAvailable()
        print("bench: forward + backward + Adam at 1×28×28, batch \(TrainingStep.batch); "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("bench: \(warmup) warm-up steps, then the fastest of \(repeats) runs of \(steps) steps, "
              + "\(rounds) rounds alternating with PyTorch")
        if settings.pytorch && !pytorchAvailable {
            print("bench: PyTorch not importable with \(PyTorchReference.python): our figures only "
                  + "(`make bench-pytorch` installs it in .venv-bench)")
        }
        let peak = measuredFMAPeak(repeats: repeats)
        print("bench: measured FMA peak " + (peak.map { String(format: "%.1f GFLOP/s per core", $0) } ?? "not measured (no AVX2+FMA)"))
        var results: [ModelResult] = []
        for model in settings.models.compactMap(BenchModel.init(rawValue:)) {
            results.append(try measure(model, settings: settings, pytorch: pytorchAvailable, peak: peak))
        }
        if results.contains(where: { $0.model == .cnn }) { printConvolutionGrouping(repeats: repeats) }
        if results.contains(where: { $0.model == .resnet }) { printConvolutionKernels(repeats: repeats, peak: peak) }
        if let report {
            let machine = BenchMachine.current(pytorchVersion: results.lazy.flatMap(\.rows).lazy
                .flatMap(\.pytorch).compactMap { $0?.version }.first)
            let written = try BenchReport(machine: machine, settings: settings, fmaPeakPerCore: peak, models: results)
                .write(to: URL(fileURLWithPath: report))
            print("\nreport: " + written.joined(separator: ", "))
        }
    }

    /// One model: its steps beside PyTorch's, its GEMMs, allocations and memory, printed as it goes.
    private func measure(_ model: BenchModel, settings: BenchSettings, pytorch: Bool, peak: Double?) throws -> ModelResult {
        let step = TrainingStep(model)
        let inputShape = [TrainingStep.batch, 1, 28, 28]
        let summary = try ModelSummary(of: step.model, inputShape: inputShape)
        print("\n═══ \(model.description): \(summary.totalParameterCount) parameters, "
              + String(format: "%.1f", Double(summary.trainingStepFlops) / Double(TrainingStep.batch) / 1e6)
              + " MFLOP per image and step ═══")
        let rows = try measureSteps(step, model: model, settings: settings, pytorch: pytorch)
        let shapes = try trainingStepGemms(of: step.model, inputShape: inputShape)
        let gemms = settings.threads.map { threads in BLASThreads.with(threads) { benchmarkGemms(shapes, repeats: timing.repeats, clock: timingClock) } }
        let result = ModelResult(model: model, parameters: summary.totalParameterCount,
                                 stepFlops: Double(summary.trainingStepFlops), rows: rows, gemms: gemms,
                                 allocations: AllocationProbe.countAllocations(steps: 5, model: model),
                                 peakResidentMiB: MemoryProbe.peakResidentMiB(of: model))
        result.printTables(threads: settings.threads, peak: peak)
        if profile {
            for row in rows {
                guard let mode = row.bestMode else { continue }
                print("\nprofile at \(row.threads) thread(s), \(mode.label):")
                BLASThreads.with(mode.blasThreads) {
                    KernelWorkers.$count.withValue(mode.workers) { printProfile(of: step, repeats: timing.repeats) }
                }
            }
        }
        return result
    }
}
