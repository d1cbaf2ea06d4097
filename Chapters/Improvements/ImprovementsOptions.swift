import Foundation
import Datasets

/// The options of `workbook improvements`: by default the table from the committed records; `--train --row R
/// --seed N` trains one run of a row and records it; `--quick` (CI) trains every row for a few steps on a small
/// subset and builds the table from those.
public struct ImprovementsOptions: StepOptions, Equatable {
    public var quick = false
    public var train = false
    public var row: String?
    public var seed: UInt64 = 0
    /// Kernel workers (each calling OpenBLAS with one thread); the machine's core count by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Threads that prepare batches; nil: 1 without augmentation, 2 with.
    public var producers: Int?
    public var dataDirectory = FashionMNIST.defaultDirectory

    /// Quick mode's subsets: fit images (4 steps of 64), validation and test images.
    public static let quickFit = 256
    public static let quickEvaluation = 200

    public init() {}

    public func validate() throws {
        try validateRowOptions(rowNames: Self.rowNames) { AblationRow.named($0) != nil }
    }

    /// The checks of every step that trains rows (§5.3.3's, §9.1's): `--train` needs a row `isRow` accepts and
    /// excludes `--quick`, `--row` needs `--train`, and the thread counts are in range.
    func validateRowOptions(rowNames: String, isRow: (String) -> Bool) throws {
        if train {
            guard let row else { throw OptionError("--train needs --row: one of " + rowNames) }
            guard isRow(row) else { throw OptionError("unknown row \"\(row)\"; rows: " + rowNames) }
            guard !quick else { throw OptionError("--train and --quick exclude each other: --quick trains every row briefly") }
        } else if row != nil {
            throw OptionError("--row goes with --train (the table shows every row)")
        }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
        if let producers, !(0...16).contains(producers) {
            throw OptionError("--producers must be between 0 and 16, got \(producers)")
        }
    }

    static var rowNames: String {
        AblationRow.all.map(\.name).joined(separator: ", ") + ", or a grid cell grid-lr<α>-b<B> (α "
            + HyperparameterGrid.learningRates.map { format($0) }.joined(separator: ", ") + "; B "
            + HyperparameterGrid.batchSizes.map(String.init).joined(separator: ", ") + ")"
    }

    /// The producer threads for `recipe`.
    func producerCount(for recipe: ImprovementRecipe) -> Int { producers ?? (recipe.augmentation.isEmpty ? 1 : 2) }
}
