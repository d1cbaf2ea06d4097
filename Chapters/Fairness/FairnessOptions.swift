import Foundation
import Datasets

/// The options of `workbook fairness`: by default the tables and charts from the committed results
/// (Plots/9.4-fairness/runs/results.json); `--train` runs the plan under the full budget and records it (or, with
/// `--rare-classes` / `--seeds`, a part of it, which replaces those runs and keeps the others); `--quick` (CI) runs
/// the quick budget into Plots/quick/.
public struct FairnessOptions: StepOptions, Equatable {
    public var quick = false
    public var train = false
    /// Kernel workers (each calling OpenBLAS with one thread); the machine's core count by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var dataDirectory = FashionMNIST.defaultDirectory
    /// With `--train`: the part of the plan to run (nil: all of the budget's).
    public var rareClasses: [Int]?
    public var seeds: [Int]?
    public init() {}

    public var budget: FairnessBudget { quick ? .quick : .full }

    public func validate() throws {
        guard !(train && quick) else {
            throw OptionError("--train and --quick exclude each other: --quick trains the quick budget, --train the full one")
        }
        if (rareClasses != nil || seeds != nil) && !train {
            throw OptionError("--rare-classes and --seeds choose which runs to train: they go with --train")
        }
        if let rareClasses, rareClasses.isEmpty || !rareClasses.allSatisfy(budget.rareClasses.contains) {
            throw OptionError("--rare-classes must list classes of the plan (" + budget.rareClasses.map(String.init).joined(separator: ", ")
                              + "), got \(rareClasses)")
        }
        if let seeds, seeds.isEmpty || !seeds.allSatisfy(budget.seeds.contains) {
            throw OptionError("--seeds must list declared seeds (" + budget.seeds.map(String.init).joined(separator: ", ")
                              + "), got \(seeds)")
        }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
    }
}
