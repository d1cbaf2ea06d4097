import Foundation
import Plotting

/// §5.3.3's measured data-parallel speed-ups, quoted from its records (Plots/5.3.3-data-parallel/speed/, one
/// sitting on this machine; see its README.md), not measured again.
enum DataParallelQuote {
    /// Two independent 1-rank processes on this machine's 2 cores together reach 1.69× one alone (§5.3.3's speed
    /// README): the most 2 ranks can gain here whatever the communication costs.
    static let machineCeiling = 1.69

    static func narrate(recordsRoot: URL, in context: RunContext) throws {
        context.heading("Distributed training: §5.3.3's measured speed-ups (quoted, not re-measured)")
        let folder = recordsRoot.appendingPathComponent("5.3.3-data-parallel/speed")
        func rate(_ file: String) -> Double? {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
                  let record = try? JSONDecoder().decode(RunRecord.self, from: data),
                  case .number(let rate)? = record.results["images per second"] else { return nil }
            return rate
        }
        let pairs = [("CNN, round 1", "record-r1-cnn-1.json", "record-r1-cnn-2.json"),
                     ("CNN, round 2", "record-r2-cnn-1.json", "record-r2-cnn-2.json"),
                     ("CNN, round 1, all-reduce after backward", "record-r1-cnn-1.json", "record-r1-cnn-2n.json"),
                     ("CNN, round 2, all-reduce after backward", "record-r2-cnn-1.json", "record-r2-cnn-2n.json"),
                     ("ResNet", "record-resnet-1.json", "record-resnet-2.json")]
        let measured = pairs.compactMap { label, one, two -> (label: String, one: Double, two: Double)? in
            guard let r1 = rate(one), let r2 = rate(two) else { return nil }
            return (label, r1, r2)
        }
        let rows = measured.map { [$0.label, String(format: "%.0f", $0.one), String(format: "%.0f", $0.two),
                                   String(format: "%.2f×", $0.two / $0.one)] }
        guard !rows.isEmpty else {
            context.say("No records in \(folder.path): run §5.3.3's speed plan (its README) first.")
            return
        }
        context.say(table(["model", "1 rank (img/s)", "2 ranks (img/s)", "speed-up"], rows))
        context.say("MPI ranks on this machine's 2 cores (records in 5.3.3-data-parallel/speed/). Its README adds the "
                    + "machine's own ceiling: two independent 1-rank processes together reach "
                    + String(format: "%.2f×", machineCeiling) + " one alone, so 2 ranks cannot do better than that "
                    + "here, whatever the communication costs.")
        try context.draw(Chart(
            name: "data-parallel-speedups", title: context.chartTitle("分布式训练：2 个 MPI 进程的加速比（引自 §5.3.3）"),
            content: .series(measured.enumerated().map { index, pair in
                Series("\(index + 1): \(pair.label)", x: [Double(index + 1)], y: [pair.two / pair.one], style: .boxes)
            }),
            xAxis: Axis("", range: 0...Double(measured.count + 1), labelledTicks: measured.indices.map { Marker(at: Double($0 + 1), "\($0 + 1)") }),
            yAxis: Axis("speed-up of 2 ranks over 1", range: 0...2.2),
            horizontalMarkers: [Marker(at: 2, "ideal: 2×"),
                                Marker(at: machineCeiling, String(format: "this machine's ceiling: %.2f×", machineCeiling))],
            legendPosition: "bottom right"))
    }
}
