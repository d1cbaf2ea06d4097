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

    /// How much one run of `model` moves with its seed: the largest sample sd among its points with several seeds
    /// (in practice the whole-fit-set row, n = 3), or nil when no point has two. Runs on small subsets probably
    /// spread more (each seed also draws its images), so this is a lower bound on their noise.
    func seedSpread(of model: ImprovementRecipe.Model) -> Double? {
        curves.first { $0.model == model }?.points.filter { $0.accuracy.count > 1 }.map(\.accuracy.standardDeviation).max()
    }

    /// For each pair of architectures measured at the same sizes: the lead at each size, and between which sizes it
    /// changes sign. A change counts as a crossing only where the leads on both sides exceed 2 standard errors of
    /// the difference, √(σa²/na + σb²/nb) with σ from `seedSpread` (an architecture without one borrows the
    /// largest measured); otherwise one seed's noise could have made it.
    var crossings: [String] {
        let largestSpread = curves.compactMap { seedSpread(of: $0.model) }.max()
        var lines: [String] = []
        for (i, a) in curves.enumerated() {
            for b in curves[(i + 1)...] {
                let shared = a.points.map(\.images).filter { size in b.points.contains { $0.images == size } }
                guard shared.count > 1 else { continue }
                let spreadA = seedSpread(of: a.model) ?? largestSpread, spreadB = seedSpread(of: b.model) ?? largestSpread
                let pairs = shared.map { size in
                    (a.points.first { $0.images == size }!.accuracy, b.points.first { $0.images == size }!.accuracy)
                }
                let lead = pairs.map { $0.mean - $1.mean }
                let clear = pairs.map { (x, y) -> Bool in
                    guard let spreadA, let spreadB else { return true }
                    let standardError = (spreadA * spreadA / Double(x.count) + spreadB * spreadB / Double(y.count)).squareRoot()
                    return abs(x.mean - y.mean) > 2 * standardError
                }
                var crossings: [String] = [], withinNoise: [String] = []
                for k in 1..<shared.count where (lead[k - 1] > 0) != (lead[k] > 0) {
                    let between = "between \(shared[k - 1].formatted()) and \(shared[k].formatted())"
                    if clear[k - 1] && clear[k] { crossings.append(between) } else { withinNoise.append(between) }
                }
                let leads = zip(shared, lead).map { String(format: "%@: %+.2f", $0.formatted(), 100 * $1) }.joined(separator: ", ")
                var verdict = crossings.isEmpty ? "the curves do not cross" : "they cross " + crossings.joined(separator: " and ")
                if spreadA == nil { verdict += " (no seed spread measured: by the means alone)" }
                if !withinNoise.isEmpty {
                    verdict += "; the lead changes sign " + withinNoise.joined(separator: " and ")
                        + " within 2 SE of one run's seed noise"
                }
                lines.append("\(a.model.rawValue) − \(b.model.rawValue) (points) at \(leads): " + verdict)
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
