import Foundation
import Datasets

/// The options of `workbook data-size`: by default the tables and chart from the committed results
/// (Plots/9.2-data-size/runs/results.json); `--train` runs the full budget and records it; `--quick` (CI) runs the
/// quick budget into Plots/quick/.
public struct DataSizeOptions: StepOptions, Equatable {
    public var quick = false
    public var train = false
    /// Kernel workers (each calling OpenBLAS with one thread); the machine's core count by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var dataDirectory = FashionMNIST.defaultDirectory
    /// The folder of the §5.2.3 records that give the whole fit set's point; nil: Plots/5.2.3-training/seeds.
    public var records: String?
    public init() {}

    public var budget: DataSizeBudget { quick ? .quick : .full }

    public func validate() throws {
        guard !(train && quick) else {
            throw OptionError("--train and --quick exclude each other: --quick trains the quick budget, --train the full one")
        }
        if let records, !FileManager.default.fileExists(atPath: records) {
            throw OptionError("--records \(records): no such folder")
        }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
    }
}
