import Foundation
import Plotting
import Testing

/// Every kind of chart produces a script gnuplot accepts without a word (errors and warnings alike), and
/// images when gnuplot is installed. The chapters' own charts exercise series and contours; the heatmap and the
/// image grid are for the evaluation and data chapters, so they are drawn here.
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

    @Test func logAxesDropValuesTheyCannotShow() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chart-writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ChartWriter(directory: directory, rendersImages: false).write(Self.charts[0])
        let data = try String(contentsOf: directory.appendingPathComponent("series.dat"), encoding: .utf8)
        // y = 0 on the log axis becomes missing data; the finite positive values stay as written.
        #expect(data.contains("3.0 NaN") && data.contains("2.0 0.1"))
    }
}
