// `bench epochs`: issue 14's whole epochs against the step. `workbook training` at 2 threads fell from 728 img/s
// in its first epoch to 554 by its tenth while `make bench` timed its step at 813–1,214: this mode times, in one
// sitting and round by round, our step, our whole epochs (training loop, loader waits, evaluation), PyTorch's step
// and PyTorch's whole epochs, with the CPU clock around each part, so the difference can be placed.
import ArgumentParser
import Foundation

/// What one `bench epochs` run measures, as parsed from the command line (kept in the report).
struct EpochSettings: Codable, Equatable {
    var rounds: Int
    var epochs: Int
    var threads: Int
    var producers: Int
    var fitImages: Int
    var evaluationImages: Int?
    var seed: UInt64
    var steps: Int
    var repeats: Int
    var warmup: Int
    /// Cuts every epoch after this many steps (nil: whole epochs).
    var maximumSteps: Int?
    var pytorch: Bool
}

struct Epochs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times whole training epochs against the training step, ours and PyTorch's, alternating in one sitting.",
        discussion: """
            Each round, in this order: our step's steady speed (as `make bench` times the article's CNN with one \
            kernel worker per thread), our --epochs epochs of §5.2.3's recipe on the fit set through CNNTrainer and \
            its DataLoader (as `workbook training`), PyTorch's step (pytorch_reference.py), PyTorch's epochs \
            (pytorch_train_reference.py --epochs E). Per epoch: training-loop seconds and images/s, its ratio to the \
            round's step (target ≥ 90%), the seconds the training thread waited inside the loader, the validation + \
            test evaluation seconds; per part, the CPU's MHz before and after. Then medians over rounds with ranges. \
            PyTorch is found as $PYTHON (else python3); without torch, our figures only. Nothing is written unless \
            --report is given.
            """)

    @Option(help: "Rounds; each times all four parts once.")
    var rounds = 3
    @Option(help: "Whole epochs per engine and round.")
    var epochs = 2
    @Option(help: "Threads: our kernel workers, PyTorch's torch.set_num_threads.")
    var threads = 2
    @Option(help: "Our DataLoader's producer threads (workbook training's default without augmentation: 1).")
    var producers = 1
    @Option(help: "Train on the first N of the 55,000 fit images (trial runs).")
    var fitImages = 55_000
    @Option(help: "Evaluate on the first N validation and test images (default: all 5,000 and 10,000).")
    var evalImages: Int?
    @Option(help: "Seed of both engines' recipes.")
    var seed: UInt64 = 0
    @OptionGroup(title: "Step timing") var timing: StepTimingOptions
    @Option(help: "Stop each of our epochs after this many steps (smoke runs; PyTorch's epochs stay whole).")
    var maxSteps: Int?
    @Flag(help: "Our figures only, even when PyTorch is importable.")
    var noPytorch = false
    @Option(help: "Write EPOCHS.md and epochs.json into this folder, e.g. Plots/bench.")
    var report: String?

    func validate() throws {
        guard rounds > 0, epochs > 0, threads > 0 else {
            throw ValidationError("--rounds, --epochs and --threads must be positive")
        }
        guard producers >= 0 else { throw ValidationError("--producers must not be negative, got \(producers)") }
        guard (1...55_000).contains(fitImages) else { throw ValidationError("--fit-images takes 1 to 55000, got \(fitImages)") }
        if let evalImages, evalImages < 1 { throw ValidationError("--eval-images must be at least 1, got \(evalImages)") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1, got \(maxSteps)") }
    }

    var settings: EpochSettings {
        EpochSettings(rounds: rounds, epochs: epochs, threads: threads, producers: producers, fitImages: fitImages,
                      evaluationImages: evalImages, seed: seed, steps: timing.steps, repeats: timing.repeats, warmup: timing.warmup,
                      maximumSteps: maxSteps, pytorch: !noPytorch)
    }

    func run() throws {
        let settings = settings
        let pytorch = settings.pytorch && PyTorchReference.isAvailable()
        if settings.pytorch && !pytorch {
            print("bench epochs: PyTorch not importable with \(PyTorchReference.python): our figures only "
                  + "(`make bench-pytorch` installs it in .venv-bench; then PYTHON=.venv-bench/bin/python)")
        }
        let measured = try measureEpochs(settings, pytorch: pytorch)
        print("\nMedians over \(settings.rounds) round(s), ranges in brackets:\n")
        print(measured.summaryTable)
        if let directory = report {
            let written = try measured.write(to: URL(fileURLWithPath: directory))
            print("report: " + written.map { directory + "/" + $0 }.joined(separator: ", "))
        }
    }
}

/// Runs the rounds of `settings`, printing each part as it ends; PyTorch's parts only when `pytorch`.
func measureEpochs(_ settings: EpochSettings, pytorch: Bool, progress: Bool = true) throws -> EpochsReport {
    let s = settings
    print("bench epochs: \(s.rounds) round(s) at \(s.threads) thread(s): step, then \(s.epochs) epoch(s) on "
          + "\(s.fitImages) fit images, ours" + (pytorch ? " then PyTorch's" : ""))
    let data = try OurEpochs(fitImages: s.fitImages, evaluationImages: s.evaluationImages)
    let step = TrainingStep(.cnn)
    // One kernel worker per thread with one-thread BLAS: the thread rule `workbook training` runs under.
    let mode = Mode.all(threads: s.threads).last!
    let pytorchArguments = PyTorchEpochs.arguments(epochs: s.epochs, threads: s.threads, fitImages: s.fitImages,
                                                   evaluationImages: s.evaluationImages, seed: s.seed)
    var ours: [EngineRound] = [], theirs: [EngineRound] = [], version: String?
    for round in 1...s.rounds {
        let (seconds, stepClock) = try ClockReading.around {
            try secondsPerStep(step, mode: mode, warmup: s.warmup, repeats: s.repeats, steps: s.steps)
        }
        let (epochs, epochsClock) = try ClockReading.around {
            try data.run(epochs: s.epochs, threads: s.threads, producers: s.producers, seed: s.seed,
                         maximumSteps: s.maximumSteps ?? .max, progress: progress)
        }
        ours.append(EngineRound(round: round, stepImagesPerSecond: Double(TrainingStep.batch) / seconds, epochs: epochs,
                                stepClock: stepClock, epochsClock: epochsClock))
        printRound(ours.last!, engine: "ours")
        guard pytorch else { continue }
        let (result, theirStepClock) = ClockReading.around {
            PyTorchReference.measure(model: .cnn, threads: s.threads, steps: s.steps, repeats: s.repeats)
        }
        print("round \(round)  PyTorch  \(s.epochs) epoch(s) through pytorch_train_reference.py (its figures when it ends)")
        let (theirEpochs, theirEpochsClock) = ClockReading.around {
            PyTorchEpochs.measure(epochs: s.epochs, threads: s.threads, fitImages: s.fitImages,
                                  evaluationImages: s.evaluationImages, seed: s.seed) ?? []
        }
        theirs.append(EngineRound(round: round, stepImagesPerSecond: result?.imagesPerSecond, epochs: theirEpochs,
                                  stepClock: theirStepClock, epochsClock: theirEpochsClock))
        printRound(theirs.last!, engine: "PyTorch")
        version = version ?? result?.version
    }
    return EpochsReport(machine: .current(pytorchVersion: version), settings: settings,
                        pytorchCommand: pytorch ? [PyTorchReference.python] + pytorchArguments : [],
                        ours: ours, pytorch: theirs)
}

/// One engine's round as lines: the step, then each epoch against it.
private func printRound(_ round: EngineRound, engine: String) {
    let name = engine.padding(toLength: 8, withPad: " ", startingAt: 0)
    let mhz = { (clock: ClockReading) in "\(format(clock.before, "%.0f"))→\(format(clock.after, "%.0f"))" }
    print("round \(round.round)  \(name) step \(format(round.stepImagesPerSecond)) img/s  "
          + "(cpu MHz: step \(mhz(round.stepClock)), epochs \(mhz(round.epochsClock)))")
    for (index, epoch) in round.epochs.enumerated() {
        let ratio = round.epochRatios.indices.contains(index) ? format(100 * round.epochRatios[index], "%.0f%%") : "—"
        print(String(format: "round %d  %@ epoch %d: %.1f s training, %.1f img/s (%@ of the step), loader wait %.2f s, evaluation %.2f s",
                     round.round, name, epoch.epoch, epoch.trainingSeconds, epoch.imagesPerSecond, ratio,
                     epoch.loaderWaitSeconds, epoch.evaluationSeconds))
    }
    if round.epochs.isEmpty { print("round \(round.round)  \(name) epochs failed") }
}
