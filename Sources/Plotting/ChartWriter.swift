import Foundation
import GnuplotBridge

/// Writes charts into one folder (`<name>.dat`, `<name>.gp`) and, when gnuplot is installed, renders them to
/// `<name>.png` and `<name>.svg`. Without gnuplot the numbers are still written and one line says so.
public struct ChartWriter: Sendable {
    /// Whether gnuplot can be started on this machine.
    public static var gnuplotIsAvailable: Bool { gnuplot_bridge_available() == 1 }

    /// The line printed when charts are skipped because gnuplot is missing.
    public static let missingGnuplotNotice = "charts skipped: gnuplot not found (Debian: apt-get install gnuplot-nox); their .gp and .dat files are still written"

    public let directory: URL
    /// Rendering happens only when true (decided once per writer).
    public let rendersImages: Bool

    public init(directory: URL, rendersImages: Bool = ChartWriter.gnuplotIsAvailable) {
        self.directory = directory
        self.rendersImages = rendersImages
    }

    /// What writing one chart produced.
    public struct Outcome: Sendable {
        /// Every file written, relative to the writer's folder.
        public var files: [String]
        /// What gnuplot printed on stderr (empty when it was silent or did not run).
        public var gnuplotMessages: String
    }

    /// Writes the chart's .dat and .gp and renders the images. Throws when a file cannot be written or gnuplot
    /// produced no image.
    @discardableResult
    public func write(_ chart: Chart) throws -> Outcome {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = GnuplotScript(chart)
        try script.dataText.write(to: directory.appendingPathComponent(chart.name + ".dat"), atomically: true, encoding: .utf8)
        try script.scriptText.write(to: directory.appendingPathComponent(chart.name + ".gp"), atomically: true, encoding: .utf8)
        var outcome = Outcome(files: [chart.name + ".dat", chart.name + ".gp"], gnuplotMessages: "")
        guard rendersImages else { return outcome }

        let images = [chart.name + ".png", chart.name + ".svg"]
        for image in images {  // so that an image left from an earlier run cannot pass for a fresh one
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(image))
        }
        var messages = [CChar](repeating: 0, count: 8192)
        let status = gnuplot_bridge_render(directory.path, chart.name + ".gp", &messages, messages.count)
        outcome.gnuplotMessages = String(decoding: messages.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let missing = images.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        if status == 2 || !missing.isEmpty {
            throw ChartError(chart: chart.name, message: outcome.gnuplotMessages.isEmpty
                             ? "gnuplot did not write \(missing.joined(separator: ", "))" : outcome.gnuplotMessages)
        }
        outcome.files += images
        return outcome
    }
}

/// A chart that could not be written or rendered; the message names the chart and quotes gnuplot.
public struct ChartError: Error, CustomStringConvertible {
    public var chart: String
    public var message: String
    public var description: String {
        "chart \(chart): " + message.split(separator: "\n").map(String.init).joined(separator: " | ")
    }
}
