/// The options of `workbook architecture`: by default the report from the committed records
/// (Plots/9.1-architecture/runs/); `--train --row R --seed N` trains one run of a row and records it; `--quick` (CI)
/// trains every row for 2 epochs of 4 steps and reports on those. The settings are §5.3.3's (`ImprovementsOptions`:
/// the rows train through its machinery); only the rows they name are §9.1's.
public struct ArchitectureOptions: StepOptions, Equatable {
    public var settings = ImprovementsOptions()

    public init() {}
    public init(_ settings: ImprovementsOptions) { self.settings = settings }

    public var quick: Bool {
        get { settings.quick }
        set { settings.quick = newValue }
    }

    public func validate() throws {
        try settings.validateRowOptions(rowNames: Self.rowNames) { ArchitectureRows.named($0) != nil }
    }

    static var rowNames: String { ArchitectureRows.all.map(\.name).joined(separator: ", ") }
}
