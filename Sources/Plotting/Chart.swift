/// A chart, described in Swift and drawn by gnuplot.
///
/// A chart is data plus presentation: what is drawn (`content`), the two axes, marker lines and a title.
/// `ChartWriter` turns it into three files a reader can inspect and re-render by hand:
/// `<name>.dat` (every number drawn, in blocks), `<name>.gp` (a stand-alone gnuplot script that reads the
/// .dat and writes both images) and the images `<name>.png` (pngcairo) and `<name>.svg`.
public struct Chart: Sendable {
    /// What the chart draws.
    public enum Content: Sendable {
        /// Curves and/or point clouds over the x axis.
        case series([Series])
        /// Contour lines of a function of two variables, with paths (e.g. optimizer trajectories) on top.
        case contour(ContourMap, paths: [Series])
        /// A matrix drawn as coloured cells (e.g. a confusion matrix), row 0 at the top.
        case heatmap(Heatmap)
        /// Grayscale images in a grid, each with a caption (e.g. samples of a data set).
        case images(ImageGrid)
        /// Labelled rows of bars over the x axis, one colour per kind (e.g. what each pipeline stage did when).
        case gantt(Gantt)
    }

    /// The file stem: `name.png`, `name.svg`, `name.gp`, `name.dat`.
    public var name: String
    /// The title; the workbook puts the article's section number and Chinese title first.
    public var title: String
    public var content: Content
    public var xAxis: Axis
    public var yAxis: Axis
    /// Vertical lines across the plot (e.g. a stability boundary), each with a label.
    public var verticalMarkers: [Marker]
    /// Horizontal lines across the plot (e.g. the optimum w*), each with a label.
    public var horizontalMarkers: [Marker]
    /// Where gnuplot puts the legend, in gnuplot's words (`top right`, `bottom right`, `outside`, ...).
    public var legendPosition: String
    /// Image size in pixels (the SVG uses the same size in points).
    public var width: Int
    public var height: Int

    public init(name: String, title: String, content: Content, xAxis: Axis = Axis(), yAxis: Axis = Axis(),
                verticalMarkers: [Marker] = [], horizontalMarkers: [Marker] = [],
                legendPosition: String = "top right", width: Int = 960, height: Int = 600) {
        self.name = name
        self.title = title
        self.content = content
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.verticalMarkers = verticalMarkers
        self.horizontalMarkers = horizontalMarkers
        self.legendPosition = legendPosition
        self.width = width
        self.height = height
    }
}

/// One axis: its label, linear or logarithmic scale, and an optional fixed range.
public struct Axis: Sendable {
    public var label: String
    /// On a log axis, values ≤ 0 cannot be drawn: they are written to the .dat as `NaN` (missing).
    public var logarithmic: Bool
    public var range: ClosedRange<Double>?
    /// The distance between tick marks; nil lets gnuplot choose (it picks 0.5 on a short axis of whole numbers).
    public var tickStep: Double?
    /// Ticks at these positions with these labels in place of gnuplot's (e.g. 2%, 5%, 20% on a short log axis,
    /// where gnuplot would mark only 10); empty: gnuplot's.
    public var labelledTicks: [Marker]

    public init(_ label: String = "", logarithmic: Bool = false, range: ClosedRange<Double>? = nil,
                tickStep: Double? = nil, labelledTicks: [Marker] = []) {
        self.label = label
        self.logarithmic = logarithmic
        self.range = range
        self.tickStep = tickStep
        self.labelledTicks = labelledTicks
    }
}

/// A straight marker line at `position` on one axis, drawn dashed and labelled.
public struct Marker: Sendable {
    public var position: Double
    public var label: String

    public init(at position: Double, _ label: String) {
        self.position = position
        self.label = label
    }
}

/// A named sequence of (x, y) points.
public struct Series: Sendable {
    public enum Style: Sendable {
        case lines, points, linesPoints, dashedLines
        /// Filled bars centred on each x, 0.6 of an x unit wide (categories one unit apart: the parts of a step's time).
        case boxes
    }

    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var style: Style

    /// `x` and `y` must have the same length.
    public init(_ label: String, x: [Double], y: [Double], style: Style = .lines) {
        precondition(x.count == y.count, "Series '\(label)': \(x.count) x values but \(y.count) y values")
        self.label = label
        self.x = x
        self.y = y
        self.style = style
    }
}

/// Samples of f(x, y) on a rectangular grid, and the levels at which to draw contour lines.
public struct ContourMap: Sendable {
    public var x: [Double]
    public var y: [Double]
    /// `values[j][i]` = f(x[i], y[j]).
    public var values: [[Double]]
    public var levels: [Double]

    /// Samples `function` on the grid `x` × `y`.
    public init(x: [Double], y: [Double], levels: [Double], function: (Double, Double) -> Double) {
        self.x = x
        self.y = y
        self.values = y.map { yj in x.map { xi in function(xi, yj) } }
        self.levels = levels
    }
}

/// A matrix of values drawn as coloured cells with row and column labels, optionally with the value written in
/// each cell (a confusion matrix reads best with counts shown), in black or white by the cell's shade
/// (`HeatmapPalette`).
public struct Heatmap: Sendable {
    /// `values[row][column]`; every row has `columnLabels.count` entries.
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var showsValues: Bool

    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], showsValues: Bool = true) {
        precondition(values.count == rowLabels.count && values.allSatisfy { $0.count == columnLabels.count },
                     "Heatmap: values must be \(rowLabels.count)×\(columnLabels.count)")
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.showsValues = showsValues
    }
}

/// Grayscale images laid out in a grid of `columns` columns, each with a caption, and optionally a heat map drawn
/// over an image (a saliency map over the image it explains).
public struct ImageGrid: Sendable {
    public struct Image: Sendable {
        public var width: Int
        public var height: Int
        /// Row-major intensities, `height × width`; drawn with a gray palette from the smallest to the largest.
        public var pixels: [Double]
        public var caption: String
        /// Row-major heat values in 0…1, `height × width`, drawn over the pixels (`OverlayPalette`: transparent
        /// at 0, opaque yellow at 1), or nil for the image alone.
        public var overlay: [Double]?

        public init(width: Int, height: Int, pixels: [Double], caption: String, overlay: [Double]? = nil) {
            precondition(pixels.count == width * height, "Image '\(caption)': \(pixels.count) pixels ≠ \(width)×\(height)")
            precondition(overlay.map { $0.count == pixels.count } ?? true,
                         "Image '\(caption)': the overlay has \(overlay?.count ?? 0) values for \(pixels.count) pixels")
            self.width = width
            self.height = height
            self.pixels = pixels
            self.caption = caption
            self.overlay = overlay
        }
    }

    public var images: [Image]
    public var columns: Int

    public init(images: [Image], columns: Int) {
        precondition(columns > 0, "ImageGrid needs at least one column")
        self.images = images
        self.columns = columns
    }
}

/// Rows of horizontal bars (a Gantt chart): row 0 at the top, each bar an interval [start, end] of one kind; every
/// kind gets one colour and one legend entry.
public struct Gantt: Sendable {
    public struct Bar: Sendable, Equatable {
        public var row: Int
        public var start: Double
        public var end: Double
        /// An index into `kinds`.
        public var kind: Int

        public init(row: Int, start: Double, end: Double, kind: Int) {
            self.row = row
            self.start = start
            self.end = end
            self.kind = kind
        }
    }

    public var rowLabels: [String]
    /// The legend's name of each kind of bar.
    public var kinds: [String]
    public var bars: [Bar]

    public init(rowLabels: [String], kinds: [String], bars: [Bar]) {
        precondition(bars.allSatisfy { rowLabels.indices.contains($0.row) && kinds.indices.contains($0.kind) },
                     "Gantt: a bar's row or kind is out of range")
        self.rowLabels = rowLabels
        self.kinds = kinds
        self.bars = bars
    }
}
