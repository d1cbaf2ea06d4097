/// The gnuplot script and the data file for one `Chart`.
///
/// The script is stand-alone: run `gnuplot <name>.gp` in the chart's folder and it reads `<name>.dat` and writes
/// `<name>.png` (pngcairo) and `<name>.svg`, both with the font that carries the article's Chinese titles.
/// Data blocks are separated by two blank lines and addressed with `index`.
struct GnuplotScript {
    /// The font for every text: it has the CJK glyphs (Debian: fonts-wqy-microhei).
    static let font = "WenQuanYi Micro Hei"
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
                          "#17becf", "#7f7f7f", "#bcbd22"]

    let chart: Chart
    private(set) var script: [String] = []
    private(set) var data: [String] = []
    private var blockCount = 0

    init(_ chart: Chart) {
        self.chart = chart
        script = ["# \(chart.title)",
                  "# Re-render by hand in this folder: gnuplot \(chart.name).gp  (reads \(chart.name).dat)",
                  "set encoding utf8", "set datafile missing 'NaN'"]
        data = ["# Data of the chart '\(chart.title)'; blocks separated by two blank lines (gnuplot `index`)."]
        switch chart.content {
        case .series(let series): describeSeries(series)
        case .contour(let map, let paths): describeContour(map, paths: paths)
        case .heatmap(let heatmap): describeHeatmap(heatmap)
        case .images(let grid): describeImages(grid)
        case .gantt(let gantt): describeGantt(gantt)
        }
    }

    var scriptText: String { script.joined(separator: "\n") + "\n" }
    var dataText: String { data.joined(separator: "\n") + "\n" }

    // MARK: Content

    private mutating func describeSeries(_ series: [Series]) {
        describeAxesAndMarkers()
        let clauses = series.enumerated().map { index, one in
            "\(quoted(dataFile)) index \(addBlock(one)) using 1:2 \(style(one.style, color: index)) title \(quoted(one.label))"
        }
        emitPlot(["plot " + clauses.joined(separator: ", \\\n     ")])
    }

    private mutating func describeContour(_ map: ContourMap, paths: [Series]) {
        let gridIndex = blockCount
        data.append(""); data.append("")
        data.append("# block \(gridIndex): f(x, y) on a \(map.x.count)×\(map.y.count) grid: x y f")
        for (j, y) in map.y.enumerated() {
            for (i, x) in map.x.enumerated() { data.append("\(number(x)) \(number(y)) \(number(map.values[j][i]))") }
            data.append("")
        }
        blockCount += 1
        // gnuplot traces the contour lines itself into a data block, which is then drawn in 2-D under the paths.
        script += ["set contour base", "unset surface", "set view map",
                   "set cntrparam levels discrete " + map.levels.map(number).joined(separator: ", "),
                   "set table $Contours",
                   "splot \(quoted(dataFile)) index \(gridIndex) using 1:2:3 with lines",
                   "unset table", "unset contour", "set surface"]
        describeAxesAndMarkers()
        var clauses = ["$Contours using 1:2 with lines lc rgb '#b0b0b0' lw 1 title 'contours'"]
        clauses += paths.enumerated().map { index, path in
            "\(quoted(dataFile)) index \(addBlock(path)) using 1:2 \(style(path.style, color: index)) title \(quoted(path.label))"
        }
        emitPlot(["plot " + clauses.joined(separator: ", \\\n     ")])
    }

    private mutating func describeHeatmap(_ heatmap: Heatmap) {
        let index = blockCount
        let palette = HeatmapPalette.standard
        // The palette spans exactly the values, so that the label colours below match the shades gnuplot draws.
        let values = heatmap.values.joined()
        let smallest = values.min() ?? 0, most = values.max() ?? 0
        let largest = most > smallest ? most : smallest + 1  // all equal: gnuplot needs a range that is not empty
        data.append(""); data.append("")
        data.append("# block \(index): column row value label-colour (0xRRGGBB, black or white, whichever stands out on the cell)")
        for (row, rowValues) in heatmap.values.enumerated() {
            for (column, value) in rowValues.enumerated() {
                let label = palette.labelColor(at: (value - smallest) / (largest - smallest))
                data.append("\(column) \(row) \(number(value)) \(label.rgb)")
            }
            data.append("")
        }
        blockCount += 1
        let columns = heatmap.columnLabels.count, rows = heatmap.rowLabels.count
        script += [
            "set title \(quoted(chart.title))",
            "set xlabel \(quoted(chart.xAxis.label))", "set ylabel \(quoted(chart.yAxis.label))",
            "set xrange [-0.5:\(Double(columns) - 0.5)]", "set yrange [\(Double(rows) - 0.5):-0.5]",
            "set xtics (" + heatmap.columnLabels.enumerated().map { "\(quoted($1)) \($0)" }.joined(separator: ", ")
                + ") rotate by 30 right",
            "set ytics (" + heatmap.rowLabels.enumerated().map { "\(quoted($1)) \($0)" }.joined(separator: ", ") + ")",
            "set palette defined (0 '\(palette.low.hex)', 1 '\(palette.high.hex)')",
            "set cbrange [\(number(smallest)):\(number(largest))]", "set size ratio -1", "unset key",
        ]
        var plot = "plot \(quoted(dataFile)) index \(index) using 1:2:3 with image"
        if heatmap.showsValues {
            plot += ", \\\n     '' index \(index) using 1:2:(sprintf('%g', $3)):4 with labels tc rgb variable"
        }
        emitPlot([plot])
    }

    private mutating func describeImages(_ grid: ImageGrid) {
        let first = blockCount
        for (k, image) in grid.images.enumerated() {
            data.append(""); data.append("")
            data.append("# block \(first + k): \(image.caption): column row intensity"
                        + (image.overlay == nil ? "" : " overlay: red green blue alpha (0…255)"))
            for row in 0..<image.height {
                for column in 0..<image.width {
                    let pixel = row * image.width + column
                    var line = "\(column) \(row) \(number(image.pixels[pixel]))"
                    if let overlay = image.overlay {
                        let color = OverlayPalette.color(at: overlay[pixel])
                        line += " \(color.red) \(color.green) \(color.blue) \(color.alpha)"
                    }
                    data.append(line)
                }
                data.append("")
            }
        }
        blockCount += grid.images.count
        let rows = (grid.images.count + grid.columns - 1) / grid.columns
        script += ["set palette gray", "unset colorbox", "unset tics", "unset key", "set size ratio -1",
                   "unset border"]
        var body = ["set multiplot layout \(rows),\(grid.columns) title \(quoted(chart.title))"]
        for (k, image) in grid.images.enumerated() {
            // Under an overlay the image is drawn at `OverlayPalette.imageBrightness` of its range, so that the
            // map's warm colours stand out on a light garment as on the black background.
            let smallest = image.pixels.min() ?? 0, largest = image.pixels.max() ?? 0
            let span = largest > smallest ? largest - smallest : 1
            let grayRange = image.overlay == nil ? "set autoscale cb"
                : "set cbrange [\(number(smallest)):\(number(smallest + span / OverlayPalette.imageBrightness))]"
            body += ["set title \(quoted(image.caption))", grayRange,
                     "set xrange [-0.5:\(Double(image.width) - 0.5)]", "set yrange [\(Double(image.height) - 0.5):-0.5]",
                     "plot \(quoted(dataFile)) index \(first + k) using 1:2:3 with image"
                        + (image.overlay == nil ? "" : ", '' index \(first + k) using 1:2:4:5:6:7 with rgbalpha")]
        }
        body.append("unset multiplot")
        emitPlot(body)
    }

    private mutating func describeGantt(_ gantt: Gantt) {
        describeAxesAndMarkers()
        let rows = gantt.rowLabels.count
        script += ["set yrange [\(Double(rows) - 0.5):-0.5]",
                   "set ytics (" + gantt.rowLabels.enumerated().map { "\(quoted($1)) \($0)" }.joined(separator: ", ") + ")",
                   "set grid noytics"]
        // One block per kind that has bars (start end row); each bar a box from (start, row − 0.35) to
        // (end, row + 0.35). A kind keeps its colour whether or not the others have bars.
        var clauses: [String] = []
        for (kind, name) in gantt.kinds.enumerated() where gantt.bars.contains(where: { $0.kind == kind }) {
            data.append(""); data.append("")
            data.append("# block \(blockCount): \(name): start end row")
            for bar in gantt.bars where bar.kind == kind {
                data.append("\(number(bar.start)) \(number(bar.end)) \(bar.row)")
            }
            let color = Self.palette[kind % Self.palette.count]
            clauses.append("\(quoted(dataFile)) index \(blockCount) using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) "
                           + "with boxxyerror fill solid 0.85 noborder lc rgb '\(color)' title \(quoted(name))")
            blockCount += 1
        }
        emitPlot(["plot " + clauses.joined(separator: ", \\\n     ")])
    }

    // MARK: Pieces

    private var dataFile: String { chart.name + ".dat" }

    private mutating func describeAxesAndMarkers() {
        script += ["set title \(quoted(chart.title))",
                   "set xlabel \(quoted(chart.xAxis.label))", "set ylabel \(quoted(chart.yAxis.label))",
                   "set grid lc rgb '#e0e0e0'", "set key \(chart.legendPosition) box opaque"]
        // Bars stand on categories one x unit apart; gnuplot's default width (the gap to the neighbouring point of the
        // same series) is zero for a series of one bar, which draws a hairline.
        if case .series(let series) = chart.content, series.contains(where: { $0.style == .boxes }) {
            script.append("set boxwidth 0.6 absolute")
        }
        for (name, axis) in [("x", chart.xAxis), ("y", chart.yAxis)] {
            // Powers of ten as 10^{k}: gnuplot's default writes 1e-8 as 0.00000001 on a log axis.
            if axis.logarithmic { script += ["set logscale \(name)", "set format \(name) '10^{%L}'"] }
            if let range = axis.range { script.append("set \(name)range [\(number(range.lowerBound)):\(number(range.upperBound))]") }
            if let step = axis.tickStep { script.append("set \(name)tics \(number(step))") }
            if !axis.labelledTicks.isEmpty {
                // gnuplot reads an explicit tic label as a format for the tic's value: a literal % is %%.
                script.append("set \(name)tics (" + axis.labelledTicks.map {
                    "\(quoted($0.label.replacingOccurrences(of: "%", with: "%%"))) \(number($0.position))"
                }.joined(separator: ", ") + ")")
            }
        }
        for (tag, marker) in chart.verticalMarkers.enumerated() {
            script += ["set arrow \(tag + 1) from \(number(marker.position)), graph 0 to \(number(marker.position)), graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'",
                       "set label \(tag + 1) \(quoted(marker.label)) at \(number(marker.position)), graph 0.96 offset 0.6,0 tc rgb '#404040'"]
        }
        for (k, marker) in chart.horizontalMarkers.enumerated() {
            let tag = chart.verticalMarkers.count + k + 1
            script += ["set arrow \(tag) from graph 0, first \(number(marker.position)) to graph 1, first \(number(marker.position)) nohead dt 3 lw 1.5 lc rgb '#404040'",
                       "set label \(tag) \(quoted(marker.label)) at graph 0.01, first \(number(marker.position)) offset 0,0.7 tc rgb '#404040'"]
        }
    }

    /// Writes `series` as the next data block and returns its index. Points that a log axis cannot show become NaN.
    private mutating func addBlock(_ series: Series) -> Int {
        data.append(""); data.append("")
        data.append("# block \(blockCount): \(series.label): x y")
        for (x, y) in zip(series.x, series.y) {
            let shownX = chart.xAxis.logarithmic && !(x > 0) ? Double.nan : x
            let shownY = chart.yAxis.logarithmic && !(y > 0) ? Double.nan : y
            data.append("\(number(shownX)) \(number(shownY))")
        }
        blockCount += 1
        return blockCount - 1
    }

    /// The same plot commands once for each output format, so PNG and SVG always show the same thing.
    private mutating func emitPlot(_ plotCommands: [String]) {
        let outputs = [
            "set terminal pngcairo size \(chart.width),\(chart.height) font '\(Self.font),11' background rgb 'white'",
            "set terminal svg size \(chart.width),\(chart.height) font '\(Self.font),11' background rgb 'white'",
        ]
        for (terminal, file) in zip(outputs, ["\(chart.name).png", "\(chart.name).svg"]) {
            script += [terminal, "set output \(quoted(file))"] + plotCommands + ["unset output"]
        }
    }

    private func style(_ style: Series.Style, color index: Int) -> String {
        let color = "lc rgb '\(Self.palette[index % Self.palette.count])'"
        switch style {
        case .lines: return "with lines lw 2 \(color)"
        case .dashedLines: return "with lines lw 2 dt 2 \(color)"
        case .points: return "with points pt 7 ps 0.8 \(color)"
        case .linesPoints: return "with linespoints lw 1.5 pt 7 ps 0.6 \(color)"
        case .boxes: return "with boxes fill solid 0.7 \(color)"
        }
    }

    /// A gnuplot single-quoted string: only the quote itself needs escaping (doubled).
    private func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Shortest round-tripping decimal form; non-finite values are written as NaN (missing data for gnuplot).
    private func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "NaN"
    }
}
