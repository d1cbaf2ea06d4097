import Foundation

/// §9.1's table: each comparison row's size and cost (`ModelSummary`), our measured speed, training minutes and
/// peak memory, and test accuracy over the declared seeds in both engines with their difference in standard
/// errors; then the two readings, at equal wall time (every row) and at equal parameters (the ResNet against the
/// narrow ViT). The statistics are `AblationTable.Line`'s, as §5.3.3 computes them.
struct ArchitectureComparison {
    let ablation: AblationTable

    init(rows: [AblationRow], runs: [AblationRun]) throws {
        ablation = AblationTable(rows: rows, runs: runs, costs: try AblationTable.costs(of: rows))
    }

    func line(_ model: ImprovementRecipe.Model) -> AblationTable.Line? {
        ablation.lines.first { $0.row.recipe.model == model }
    }

    var text: String {
        let rows = ablation.lines.map { line -> [String] in
            let memory = line.ours.compactMap(\.peakResidentMiB)
            return [line.row.name, line.cost.parameters.formatted(),
                    String(format: "%.1f", Double(line.cost.forwardFlops) / 1e6), String(line.row.recipe.epochs),
                    line.imagesPerSecond.map { String(format: "%.0f", $0) } ?? "–",
                    line.trainingSeconds.map { String(format: "%.1f", $0 / 60) } ?? "–",
                    memory.isEmpty ? "–" : String(format: "%.0f", memory.reduce(0, +) / Double(memory.count)),
                    line.oursAccuracy.map(AblationTable.describe) ?? "no record",
                    line.pytorchAccuracy.map(AblationTable.describe) ?? "–",
                    line.differenceInStandardErrors.map { String(format: "%+.1f", $0) } ?? "–"]
        }
        return table(["row", "params", "MFLOPs/img", "epochs", "img/s", "train min", "peak MiB",
                     "test acc (ours)", "PyTorch", "Δ/SE"], rows)
    }

    /// "a − b = +1.23 points (2.1 SE)" between two rows' seed means, ours; nil without two runs of each.
    static func difference(_ a: AblationTable.Line?, _ b: AblationTable.Line?) -> String? {
        guard let x = a?.oursAccuracy, let y = b?.oursAccuracy, x.count > 1, y.count > 1 else { return nil }
        let (difference, error) = x.difference(from: y)
        return String(format: "%@ − %@ = %+.2f points", a!.row.name, b!.row.name, 100 * difference)
            + (error > 0 ? String(format: " (%.1f SE)", difference / error) : "")
    }

    /// The verdicts the records allow: who wins at equal time, and at equal parameters.
    var readings: [String] {
        var lines: [String] = []
        let (cnn, resnet, vit, narrow) = (line(.cnn), line(.resnet), line(.vit), line(.vitNarrow))
        let timed = ablation.lines.compactMap { line in line.trainingSeconds.map { (line.row.name, $0 / 60) } }
        if !timed.isEmpty {
            lines.append("equal wall time: measured training minutes " + timed.map { String(format: "%@ %.1f", $0.0, $0.1) }
                .joined(separator: ", ") + String(format: " (the budget: %.1f)", ArchitectureRows.minutes))
        }
        for (a, b) in [(cnn, vit), (resnet, vit), (cnn, resnet)] {
            if let text = Self.difference(a, b) { lines.append("at equal wall time: " + text) }
        }
        if let text = Self.difference(resnet, narrow) {
            lines.append("at equal parameters (\(resnet!.cost.parameters.formatted()) against \(narrow!.cost.parameters.formatted())): " + text)
        }
        if let text = Self.difference(vit, narrow) { lines.append("the ViT's width, 64 against 48: " + text) }
        if let vit, let d = vit.differenceInStandardErrors {
            lines.append(String(format: "the ViT in our engine against PyTorch's twin: %+.1f SE (the issue asks |Δ| < 2 SE)", d))
        }
        return lines
    }
}
