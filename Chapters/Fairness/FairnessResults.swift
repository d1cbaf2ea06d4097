import Foundation

/// Every run of `workbook fairness --train` (Plots/9.4-fairness/runs/results.json, beside its run.json) and what
/// they say together. Written after every setting, so an interrupted `--train` keeps what it finished; a `--train`
/// of part of the plan (one class, some seeds) replaces those runs and keeps the others.
public struct FairnessResults: ResultsFile, Equatable, Sendable {
    public var budget: FairnessBudget
    public var runs: [FairnessRun]

    public static let fileName = "results.json"

    public init(budget: FairnessBudget, runs: [FairnessRun] = []) {
        (self.budget, self.runs) = (budget, runs)
    }

    /// Adds `new`, replacing any run of the same rare class, fraction, seed and mitigation.
    public mutating func record(_ new: [FairnessRun]) {
        func key(_ run: FairnessRun) -> String { "\(run.rareClass ?? -1) \(run.keepFraction) \(run.seed) \(run.mitigation.rawValue)" }
        let replaced = Set(new.map(key))
        runs = runs.filter { !replaced.contains(key($0)) } + new
    }

    /// The runs of one cell, by seed; at `keepFraction` 1 the reference runs (the class whole, plain only).
    public func runs(_ rareClass: Int, keepFraction: Double, _ mitigation: Mitigation) -> [FairnessRun] {
        runs.filter { run in
            run.keepFraction == keepFraction && run.mitigation == mitigation
                && (keepFraction == 1 ? run.rareClass == nil : run.rareClass == rareClass)
        }.sorted { $0.seed < $1.seed }
    }

    /// A disparity measure of one cell over its seeds (nil: no run).
    public func summary(_ rareClass: Int, keepFraction: Double, _ mitigation: Mitigation,
                        _ measure: (Disparity) -> Double) -> AccuracySummary? {
        let values = runs(rareClass, keepFraction: keepFraction, mitigation).map { measure($0.disparity(of: rareClass)) }
        return values.isEmpty ? nil : AccuracySummary(values)
    }

    /// The measure under `mitigation` minus under plain, seed by seed (the same kept images, weights and order
    /// but for what the mitigation changes: paired), over the seeds both have; nil when none.
    public func change(_ rareClass: Int, keepFraction: Double, _ mitigation: Mitigation,
                       _ measure: (Disparity) -> Double) -> AccuracySummary? {
        let before = Dictionary(uniqueKeysWithValues: runs(rareClass, keepFraction: keepFraction, .plain).map { ($0.seed, $0) })
        let differences = runs(rareClass, keepFraction: keepFraction, mitigation).compactMap { run in
            before[run.seed].map { measure(run.disparity(of: rareClass)) - measure($0.disparity(of: rareClass)) }
        }
        return differences.isEmpty ? nil : AccuracySummary(differences)
    }
}
