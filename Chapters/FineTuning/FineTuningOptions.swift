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
    public init() {}

    public var budget: FineTuningBudget { quick ? .quick : .full }

    public func validate() throws {
        guard !(train && quick) else {
            throw OptionError("--train and --quick exclude each other: --quick trains the quick budget, --train the full one")
        }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
    }
}
