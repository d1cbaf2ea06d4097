import Foundation
import Kernels

/// Everything the bench measured for one model: step speeds by thread count and round, the step's GEMMs at each
/// thread count, allocations of a steady step, and peak memory.
struct ModelResult {
    var model: BenchModel
    var parameters: Int
    /// FLOPs of one training step at batch 64 (forward, weight and input gradients), from `ModelSummary`.
    var stepFlops: Double
    var rows: [Row]
    /// `gemms[t]`: every GEMM shape of the step timed at `rows[t].threads` threads.
    var gemms: [[GemmTiming]]
    var allocations: (swift: Int, openBLAS: Int)?
    /// Ours: the peak resident memory of a child process that ran this model's steps alone.
    var peakResidentMiB: Double?

    /// Seconds the step's GEMMs take as raw cblas_sgemm calls at thread index `t`.
    func gemmSeconds(_ t: Int) -> Double { gemms[t].reduce(0) { $0 + $1.raw * Double($1.shape.calls) } }
    var gemmFlops: Double { gemms.first?.reduce(0) { $0 + $1.shape.flops } ?? 0 }
    /// The step's speed if it did nothing but its GEMMs at raw sgemm speed: the bound im2col, batch norm and the
    /// element-wise layers can only lower.
    func gemmBound(_ t: Int) -> Double { Double(TrainingStep.batch) / gemmSeconds(t) }

    func printTables(threads: [Int], peak: Double?) {
        func line(_ label: String, _ values: [String]) {
            print(label.padding(toLength: 34, withPad: " ", startingAt: 0)
                  + values.map { $0.padding(toLength: 24, withPad: " ", startingAt: 0) }.joined())
        }
        print("")
        line("", rows.map { "\($0.threads) thread(s)" })
        line("ours, images/s (median)", rows.map { format(median($0.oursPerRound)) + " (" + ($0.bestMode?.label ?? "") + ")" })
        line("PyTorch, images/s (median)", rows.map { $0.pytorchPerRound.isEmpty ? "—" : format(median($0.pytorchPerRound)) })
        line("ratio ours / PyTorch", rows.map(ratioText))
        line("GEMM bound (raw sgemm), img/s", rows.indices.map { format(gemmBound($0)) })
        line("our share of the GEMM bound", rows.indices.map { format(100 * median(rows[$0].oursPerRound) / gemmBound($0), "%.0f%%") })
        line("step GEMMs, GFLOP/s (raw)", rows.indices.map { format(gemmFlops / gemmSeconds($0) / 1e9) })
        if let peak {
            line("  share of the FMA peak", rows.indices.map { format(100 * gemmFlops / gemmSeconds($0) / 1e9 / (peak * Double(rows[$0].threads)), "%.0f%%") })
        }
        line("engine gemm / raw sgemm (linear)", gemms.map { timings in
            let wrapped = timings.filter { $0.engine != nil }
            return wrapped.isEmpty ? "—" : format(100 * wrapped.reduce(0) { $0 + $1.raw } / wrapped.reduce(0) { $0 + $1.engine! }, "%.1f%%")
        })
        line("peak RSS, MiB: ours / PyTorch", rows.map { row in
            format(peakResidentMiB) + " / " + format(row.pytorch.compactMap { $0?.peakResidentMiB }.max()) })
        print("heap allocations per steady step (glibc mtrace): "
              + (allocations.map { "\($0.swift) in Swift code, \($0.openBLAS) inside OpenBLAS" } ?? "not measured (no libc_malloc_debug)"))
        print(String(format: "the GEMMs do %.1f of the step's %.1f MFLOP per image", gemmFlops / 64e6, stepFlops / 64e6))
        print("GEMMs of one step (GFLOP/s raw at " + threads.map { "\($0)" }.joined(separator: " / ") + " thread(s)):")
        for (index, timing) in (gemms.first ?? []).enumerated() {
            let cells = gemms.map { format($0[index].rawGFLOPS) }.joined(separator: " / ")
            print("  " + "\(timing.shape.dimensions) ×\(timing.shape.calls)".padding(toLength: 24, withPad: " ", startingAt: 0)
                  + cells.padding(toLength: 16, withPad: " ", startingAt: 0) + shortLabel(timing.shape.label))
        }
    }

    /// "median× (min–max, K rounds)", or — without PyTorch.
    func ratioText(_ row: Row) -> String {
        let ratios = row.ratios
        guard !ratios.isEmpty else { return "—" }
        return format(median(ratios), "%.2f×") + " (" + format(ratios.min()!, "%.2f") + "–" + format(ratios.max()!, "%.2f")
            + ", \(ratios.count) rounds)"
    }
}

/// A merged shape's label, cut to its first layers when many share the shape.
func shortLabel(_ label: String) -> String {
    let parts = label.components(separatedBy: ", ")
    return parts.count <= 3 ? label : parts.prefix(2).joined(separator: ", ") + " and \(parts.count - 2) more"
}

func format(_ value: Double?, _ pattern: String = "%.1f") -> String { value.map { String(format: pattern, $0) } ?? "—" }
