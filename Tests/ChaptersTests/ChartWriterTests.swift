import Foundation
@testable import Plotting
import Testing

/// Every kind of chart produces a script gnuplot accepts without a word (errors and warnings alike), and
/// images when gnuplot is installed. The chapters' own charts exercise series and contours; the heatmap and the
/// image grid are for the evaluation and data chapters, and the Gantt chart for the pipeline's, so they are drawn here
/// (a kind without bars included: it must not make gnuplot warn).
struct ChartWriterTests {
    static let charts: [Chart] = [
        Chart(name: "series", title: "4.1 梯度下降（Gradient Descent）：series", content: .series([
            Series("a", x: [1, 2, 3], y: [1, 0.1, 0]), Series("b", x: [1, 2, 3], y: [2, 3, 4], style: .points),
        ]), xAxis: Axis("t"), yAxis: Axis("log", logarithmic: true),
              verticalMarkers: [Marker(at: 2, "limit")], horizontalMarkers: [Marker(at: 1, "w*")]),
        Chart(name: "contour", title: "contour 等高线", content: .contour(
            ContourMap(x: [-1, 0, 1], y: [-1, 0, 1], levels: [0.5, 1]) { $0 * $0 + $1 * $1 },
            paths: [Series("path", x: [-1, 0], y: [1, 0], style: .linesPoints)])),
        Chart(name: "heatmap", title: "混淆矩阵 confusion matrix", content: .heatmap(
            Heatmap(values: [[50, 2], [7, 41]], rowLabels: ["true T-shirt", "true Shirt"], columnLabels: ["T-shirt", "Shirt's"]))),
        Chart(name: "images", title: "样本 samples", content: .images(ImageGrid(images: (0..<3).map { k in
            ImageGrid.Image(width: 4, height: 3, pixels: (0..<12).map { Double(($0 + k) % 5) }, caption: "image \(k)")
        }, columns: 2))),
        Chart(name: "overlay", title: "显著图 saliency over images", content: .images(ImageGrid(images: (0..<2).map { k in
            ImageGrid.Image(width: 3, height: 3, pixels: (0..<9).map { Double(($0 + k) % 4) }, caption: "map \(k)",
                            overlay: (0..<9).map { Double($0) / 8 })
        }, columns: 2))),
        Chart(name: "gantt", title: "流水线 pipeline", content: .gantt(Gantt(
            rowLabels: ["stage 0", "stage 1"], kinds: ["forward", "backward", "unused"],
            bars: [.init(row: 0, start: 0, end: 1, kind: 0), .init(row: 1, start: 1, end: 2, kind: 0),
                   .init(row: 1, start: 2, end: 3, kind: 1), .init(row: 0, start: 3, end: 4, kind: 1)])),
              xAxis: Axis("ms")),
    ]

    @Test(arguments: charts.map(\.name))
    func chartRendersWithoutComplaint(name: String) throws {
        let chart = try #require(Self.charts.first { $0.name == name })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chart-writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try ChartWriter(directory: directory).write(chart)
        #expect(outcome.gnuplotMessages.isEmpty, "\(outcome.gnuplotMessages)")
        let expected = ChartWriter.gnuplotIsAvailable ? ["dat", "gp", "png", "svg"] : ["dat", "gp"]
        #expect(outcome.files.sorted() == expected.map { "\(name).\($0)" })
        let script = try String(contentsOf: directory.appendingPathComponent("\(name).gp"), encoding: .utf8)
        #expect(script.contains("WenQuanYi Micro Hei") && script.contains(chart.title.replacingOccurrences(of: "'", with: "''")))
    }

    /// The .dat and .gp the writer produces for `chart` (no images).
    static func writtenText(of chart: Chart) throws -> (data: String, script: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chart-writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ChartWriter(directory: directory, rendersImages: false).write(chart)
        return (try String(contentsOf: directory.appendingPathComponent("\(chart.name).dat"), encoding: .utf8),
                try String(contentsOf: directory.appendingPathComponent("\(chart.name).gp"), encoding: .utf8))
    }

    @Test func heatmapNumbersAreBlackOnLightCellsAndWhiteOnDarkOnes() throws {
        let (data, script) = try Self.writtenText(of: Self.charts[2])
        // Values 2…50: 2 is white (black numbers), 50 the palette's #1f4e79 (white numbers, 0xffffff = 16777215);
        // 7 is 5/48 of the way (nearly white); 41 is 39/48 = 0.81 of the way, RGB (78.4, 111.5, 145.2), whose
        // luminance 0.149 (as below) is under 0.179, where white starts to contrast more than black:
        // 1.05/(L + 0.05) = (L + 0.05)/0.05 at L = √0.0525 − 0.05.
        #expect(data.contains("0 0 50.0 16777215\n") && data.contains("1 0 2.0 0\n"))
        #expect(data.contains("0 1 7.0 0\n") && data.contains("1 1 41.0 16777215\n"))
        #expect(script.contains("set cbrange [2.0:50.0]") && script.contains(":4 with labels tc rgb variable"))
    }

    @Test func heatmapLabelColourContrastsWithTheCell() {
        typealias Color = HeatmapPalette.Color
        // WCAG 2: white has luminance 1, black 0, and their contrast is (1 + 0.05)/(0 + 0.05) = 21.
        #expect(Color.white.luminance == 1 && Color.black.luminance == 0 && Color.white.contrast(with: .black) == 21)
        // #1f4e79 by hand: the components 31, 78, 121 of 255 made linear, ((c/255 + 0.055)/1.055)^2.4, are
        // 0.013702, 0.076185, 0.191202; weighted 0.2126, 0.7152, 0.0722: 0.002913 + 0.054488 + 0.013805 = 0.071206.
        let dark = Color(rgb: 0x1f4e79)
        #expect(abs(dark.luminance - 0.071206) < 1e-6)
        #expect(dark.hex == "#1f4e79" && dark.rgb == 0x1f4e79 && Color.black.hex == "#000000")
        let palette = HeatmapPalette.standard
        #expect(palette.shade(at: 0) == .white && palette.shade(at: 1).rgb == 0x1f4e79)
        #expect(palette.labelColor(at: 0) == .black && palette.labelColor(at: 1) == .white)
        // Halfway, RGB (143, 166.5, 188): luminance 0.369, above 0.179, so black still contrasts more.
        #expect(palette.labelColor(at: 0.5) == .black)
    }

    @Test func logAxesDropValuesTheyCannotShow() throws {
        let data = try Self.writtenText(of: Self.charts[0]).data
        // y = 0 on the log axis becomes missing data; the finite positive values stay as written.
        #expect(data.contains("3.0 NaN") && data.contains("2.0 0.1"))
    }

    /// Labelled ticks replace gnuplot's (a short log axis from 1.4 to 28 would be marked at 10 alone); gnuplot
    /// reads each label as a format, so a literal % is written %% (a lone one stops the script: "Bad format").
    @Test func labelledTicksAreWrittenAsGiven() throws {
        let chart = Chart(name: "ticks", title: "t", content: .series([Series("s", x: [2, 5, 20], y: [1, 2, 3])]),
                          xAxis: Axis("kept", logarithmic: true, range: 1.4...28,
                                      labelledTicks: [Marker(at: 2, "2%"), Marker(at: 5, "5%"), Marker(at: 20, "20%")]))
        #expect(try Self.writtenText(of: chart).script.contains("set xtics ('2%%' 2.0, '5%%' 5.0, '20%%' 20.0)"))
    }
}
