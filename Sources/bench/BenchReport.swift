import Foundation
import Plotting

/// The benchmark report `make bench` leaves in Plots/bench/: bench.json (every figure, round by round),
/// REPORT.md (the tables a reader wants) and two charts — ours over PyTorch per round with the target, and each
/// GEMM's speed against the FMA peak.
struct BenchReport: Codable {
    struct Speed: Codable {
        var threads: Int
        /// Images per second of each of our modes, round by round.
        var ours: [String: [Double]]
        /// PyTorch's images per second, round by round (nil where its run failed).
        var pytorch: [Double?]
        /// ours (the faster mode of the round) / PyTorch, round by round.
        var ratios: [Double]
        var medianRatio: Double?
        var pytorchPeakResidentMiB: Double?
        /// The step at raw sgemm speed and nothing else.
        var gemmBoundImagesPerSecond: Double
    }
    struct Gemm: Codable {
        var layers: String
        var dimensions: String
        var calls: Int
        var flopsPerStep: Double
        /// GFLOP/s per thread count, keyed "1", "2".
        var gflops: [String: Double]
    }
    struct Model: Codable {
        var name: String
        var parameters: Int
        var mflopPerImage: Double
        var speeds: [Speed]
        var gemms: [Gemm]
        var allocationsInSwift: Int?
        var allocationsInOpenBLAS: Int?
        var peakResidentMiB: Double?
    }

    var date: String
    var machine: BenchMachine
    var settings: BenchSettings
    var fmaPeakGFLOPSPerCore: Double?
    var models: [Model]

    /// The target of issue 14 and §5.3.3: ours at least this many times PyTorch's speed, at 1 and at 2 threads.
    static let targetRatio = 1.2

    init(machine: BenchMachine, settings: BenchSettings, fmaPeakPerCore: Double?, models results: [ModelResult]) {
        date = ISO8601DateFormatter().string(from: Date())
        self.machine = machine
        self.settings = settings
        fmaPeakGFLOPSPerCore = fmaPeakPerCore
        models = results.map { result in
            Model(name: result.model.rawValue, parameters: result.parameters,
                  mflopPerImage: result.stepFlops / Double(TrainingStep.batch) / 1e6,
                  speeds: result.rows.enumerated().map { index, row in
                      Speed(threads: row.threads,
                            ours: Dictionary(uniqueKeysWithValues: row.ours.map { ($0.mode.label, $0.rounds) }),
                            pytorch: row.pytorch.map { $0?.imagesPerSecond },
                            ratios: row.ratios, medianRatio: row.ratios.isEmpty ? nil : median(row.ratios),
                            pytorchPeakResidentMiB: row.pytorch.compactMap { $0?.peakResidentMiB }.max(),
                            gemmBoundImagesPerSecond: result.gemmBound(index))
                  },
                  gemms: (result.gemms.first ?? []).indices.map { index in
                      let shape = result.gemms[0][index].shape
                      return Gemm(layers: shape.label, dimensions: shape.dimensions, calls: shape.calls,
                                  flopsPerStep: shape.flops,
                                  gflops: Dictionary(uniqueKeysWithValues: zip(result.rows, result.gemms).map {
                                      (String($0.threads), $1[index].rawGFLOPS) }))
                  },
                  allocationsInSwift: result.allocations?.swift, allocationsInOpenBLAS: result.allocations?.openBLAS,
                  peakResidentMiB: result.peakResidentMiB)
        }
    }

    /// Writes bench.json, REPORT.md and the charts into `directory`; returns the files written.
    func write(to directory: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: directory.appendingPathComponent("bench.json"))
        let writer = ChartWriter(directory: directory)
        var files = ["bench.json", "REPORT.md"]
        // The ratio chart needs PyTorch's figures; without them it would have nothing to plot.
        let charts = models.contains { $0.speeds.contains { !$0.ratios.isEmpty } } ? [ratioChart, gemmChart] : [gemmChart]
        for chart in charts {
            files += try writer.write(chart).files.filter { $0.hasSuffix(".png") }
        }
        try markdown.write(to: directory.appendingPathComponent("REPORT.md"), atomically: true, encoding: .utf8)
        return files
    }

    /// Each model and thread count a column of dots, one per round, against the target.
    var ratioChart: Chart {
        var series: [Series] = [], position = 0.0
        for model in models {
            for speed in model.speeds where !speed.ratios.isEmpty {
                position += 1
                series.append(Series("\(model.name), \(speed.threads) thread(s): median " + format(speed.medianRatio, "%.2f×"),
                                     x: speed.ratios.map { _ in position }, y: speed.ratios, style: .points))
            }
        }
        return Chart(name: "ratio-to-pytorch", title: "Training step: ours / PyTorch, one dot per round",
                     content: .series(series), xAxis: Axis("model and thread count", range: 0...(position + 1)),
                     yAxis: Axis("images/s, ours / PyTorch"),
                     horizontalMarkers: [Marker(at: Self.targetRatio, "target \(Self.targetRatio)×"), Marker(at: 1, "equal")])
    }

    /// Each GEMM shape's speed at 1 thread against its FLOPs per step, per model, under the FMA peak.
    var gemmChart: Chart {
        let series = models.map { model in
            Series(model.name, x: model.gemms.map { $0.flopsPerStep / 1e6 }, y: model.gemms.map { $0.gflops["1"] ?? 0 },
                   style: .points)
        }
        let top = max(fmaPeakGFLOPSPerCore ?? 0, series.flatMap(\.y).max() ?? 0)
        return Chart(name: "gemm-speed", title: "Every GEMM of a training step at 1 thread (raw sgemm from OpenBLAS)",
                     content: .series(series), xAxis: Axis("MFLOP of the shape per step", logarithmic: true),
                     yAxis: Axis("GFLOP/s", range: 0...(top * 1.1)),
                     horizontalMarkers: fmaPeakGFLOPSPerCore.map { [Marker(at: $0, "FMA peak, 1 core")] } ?? [])
    }
}
