import Foundation
import Datasets

/// The options of `workbook architecture`: by default the report from the committed records
/// (Plots/9.1-architecture/runs/); `--train --row R --seed N` trains one run of a row and records it; `--quick` (CI)
/// trains every row for 2 epochs of 4 steps and reports on those.
public struct ArchitectureOptions: StepOptions, Equatable {
    public var quick = false
    public var train = false
    public var row: String?
    public var seed: UInt64 = 0
    /// Kernel workers (each calling OpenBLAS with one thread); the machine's core count by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Threads that prepare batches; nil: 2 (every row augments).
    public var producers: Int?
    public var dataDirectory = FashionMNIST.defaultDirectory

    public init() {}

    public func validate() throws {
        if train {
            guard let row else { throw OptionError("--train needs --row: one of " + Self.rowNames) }
            guard ArchitectureRows.named(row) != nil else { throw OptionError("unknown row \"\(row)\"; rows: " + Self.rowNames) }
            guard !quick else { throw OptionError("--train and --quick exclude each other: --quick trains every row briefly") }
        } else if row != nil {
            throw OptionError("--row goes with --train (the report shows every row)")
        }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
        if let producers, !(0...16).contains(producers) {
            throw OptionError("--producers must be between 0 and 16, got \(producers)")
        }
    }

    static var rowNames: String { ArchitectureRows.all.map(\.name).joined(separator: ", ") }

    /// The same run settings in §5.3.3's options, whose training function the rows share.
    var improvements: ImprovementsOptions {
        var options = ImprovementsOptions()
        (options.seed, options.threads, options.producers, options.dataDirectory) = (seed, threads, producers, dataDirectory)
        return options
    }
}
