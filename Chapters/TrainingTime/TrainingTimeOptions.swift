import Foundation
import Datasets

/// The options of `workbook training-time`: by default the report from the committed records (or, without them,
/// short live runs); `--train --mode M --seed N` trains one full run and records it; `--quick` (CI) trains every
/// mode briefly on a small subset.
public struct TrainingTimeOptions: StepOptions, Equatable {
    public var quick = false
    public var train = false
    public var mode: PrecisionMode?
    public var seed: UInt64 = 0
    public var epochs = TrainingTimeOptions.fullEpochs
    /// Kernel workers (each calling OpenBLAS with one thread).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var dataDirectory = FashionMNIST.defaultDirectory
    public init() {}

    /// The full runs' length, fixed before they run: 12 runs (4 modes × 3 seeds) must fit 2 hours on 2 cores. On
    /// this Zen 3 a FP32 epoch of the CNN takes 85 s of training and 8 s of evaluation (Plots/bench/EPOCHS.md); with
    /// up to 40% more for the 16-bit modes' rounding, 3 epochs take 4.7 min (FP32) to 6.3 min a run, 71 min for
    /// the 12, beside the session's other runs. Three epochs reach the recipe's plateau within a point (§5.3.3's
    /// grid: 91.4% at 3 epochs, §5.2.3's 10-epoch seeds 91–92%) and are enough to see a mode lose accuracy; early
    /// stopping is replayed on §5.2.3's 10-epoch records as well, where it has room to act.
    public static let fullEpochs = 3
    /// The declared seeds of the full runs.
    public static let declaredSeeds: [UInt64] = [0, 1, 2]
    /// A quick run: 10 steps of 64 on the first 640 fit images, 320 validation and 640 test images.
    static let quickFitImages = 640, quickValidationImages = 320, quickTestImages = 640

    public static var quickRun: TrainingTimeOptions {
        var options = TrainingTimeOptions()
        options.quick = true
        return options
    }

    public func validate() throws {
        if train {
            guard mode != nil else {
                throw OptionError("--train needs --mode: one of " + PrecisionMode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard !quick else { throw OptionError("--train and --quick exclude each other: --quick trains every mode briefly") }
        } else if mode != nil {
            throw OptionError("--mode goes with --train (the report shows every mode)")
        }
        guard (1...100).contains(epochs) else { throw OptionError("--epochs must be between 1 and 100, got \(epochs)") }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
    }
}
