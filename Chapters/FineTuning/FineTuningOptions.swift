import Foundation
import Datasets

/// The options of `workbook fine-tuning`: by default the tables and charts from the committed results
/// (Plots/4.3-fine-tuning/runs/results.json); `--train` runs the whole experiment under the full budget and records
/// it; `--quick` (CI) runs it under the quick budget into Plots/quick/.
public struct FineTuningOptions: StepOptions, Equatable {
    public var quick = false
    public var train = false
    /// Kernel workers (each calling OpenBLAS with one thread); the machine's core count by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var dataDirectory = FashionMNIST.defaultDirectory
    /// With `--train`, a shorter experiment than the full budget (a timing run): other k, seeds, or pre-training on
    /// the first N fit images. Its results are another budget's and the read-back leaves them out.
    public var ks: [Int]?
    public var seeds: [Int]?
    public var pretrainingFitImages: Int?
    public init() {}

    public var budget: FineTuningBudget {
        var budget = quick ? FineTuningBudget.quick : .full
        if let ks { budget.ks = ks }
        if let seeds { budget.seeds = seeds }
        if let pretrainingFitImages { budget.pretrainingFitLimit = pretrainingFitImages }
        return budget
    }

    public func validate() throws {
        guard !(train && quick) else {
            throw OptionError("--train and --quick exclude each other: --quick trains the quick budget, --train the full one")
        }
        if (ks != nil || seeds != nil || pretrainingFitImages != nil) && !train {
            throw OptionError("--k, --seeds and --pretraining-fit-images change the experiment: they go with --train")
        }
        if let ks, ks.isEmpty || !ks.allSatisfy((1...4_000).contains) {
            throw OptionError("--k must list images per class between 1 and 4000, got \(ks)")
        }
        if let seeds, seeds.isEmpty || seeds.contains(where: { $0 < 0 }) {
            throw OptionError("--seeds must list non-negative seeds, got \(seeds)")
        }
        if let pretrainingFitImages, !(1...55_000).contains(pretrainingFitImages) {
            throw OptionError("--pretraining-fit-images must be between 1 and 55000, got \(pretrainingFitImages)")
        }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
    }
}
