import Plotting

/// Test accuracy against the number of distinct fit images for each architecture, at its equal-wall-time budget:
/// the subset rows (`ArchitectureRows.subsets`) and the comparison row for the whole fit set. The convolution's
/// inductive bias against the Transformer's appetite for data: where two curves cross, or that they do not.
struct ArchitectureCurves {
    struct Point: Equatable {
        var images: Int
        var accuracy: AccuracySummary
    }

    /// Per architecture, its points in ascending size (only the sizes with a run).
    let curves: [(model: ImprovementRecipe.Model, points: [Point])]

    /// `runs` of our engine; `wholeFitSet` the fit set's size (55,000, or the quick run's subset).
    init(runs: [AblationRun], subsets: [AblationRow], comparison: [AblationRow], wholeFitSet: Int) {
        curves = ArchitectureRows.architectures.map { model in
            var points: [Point] = []
            for row in subsets where row.recipe.model == model {
                let mine = runs.filter { $0.row == row.name && $0.engine == .workbook && row.seeds.contains($0.seed) }
                if !mine.isEmpty { points.append(Point(images: row.recipe.fitSubset, accuracy: AccuracySummary(mine.map(\.testAccuracy)))) }
            }
            if let row = comparison.first(where: { $0.recipe.model == model }) {
                let mine = runs.filter { $0.row == row.name && $0.engine == .workbook && row.seeds.contains($0.seed) }
                if !mine.isEmpty { points.append(Point(images: wholeFitSet, accuracy: AccuracySummary(mine.map(\.testAccuracy)))) }
            }
            return (model, points.sorted { $0.images < $1.images })
        }
    }

    /// For each pair of architectures measured at the same sizes: which leads at each size, and between which
    /// sizes the lead changes hands (the curves cross), by the seed means.
    var crossings: [String] {
        var lines: [String] = []
        for (i, a) in curves.enumerated() {
            for b in curves[(i + 1)...] {
                let shared = a.points.map(\.images).filter { size in b.points.contains { $0.images == size } }
                guard shared.count > 1 else { continue }
                let lead = shared.map { size in
                    a.points.first { $0.images == size }!.accuracy.mean - b.points.first { $0.images == size }!.accuracy.mean
                }
                var changes: [String] = []
                for k in 1..<shared.count where (lead[k - 1] > 0) != (lead[k] > 0) {
                    changes.append("between \(shared[k - 1].formatted()) and \(shared[k].formatted())")
                }
                let leads = zip(shared, lead).map { String(format: "%@: %+.2f", $0.formatted(), 100 * $1) }.joined(separator: ", ")
                lines.append("\(a.model.rawValue) − \(b.model.rawValue) (points) at \(leads): "
                             + (changes.isEmpty ? "the curves do not cross" : "they cross " + changes.joined(separator: " and ")))
            }
        }
        return lines
    }

    var chart: [Series] {
        curves.filter { !$0.points.isEmpty }.map { curve in
            Series(curve.model.rawValue, x: curve.points.map { Double($0.images) },
                   y: curve.points.map { 100 * $0.accuracy.mean }, style: .linesPoints)
        }
    }
}
