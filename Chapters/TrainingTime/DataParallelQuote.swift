import Foundation

/// §5.3.3's measured data-parallel speed-ups, quoted from its records (Plots/5.3.3-data-parallel/speed/, one
/// sitting on this machine; see its README.md), not measured again.
enum DataParallelQuote {
    static func narrate(recordsRoot: URL, in context: RunContext) {
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
        let rows = pairs.compactMap { label, one, two -> [String]? in
            guard let r1 = rate(one), let r2 = rate(two) else { return nil }
            return [label, String(format: "%.0f", r1), String(format: "%.0f", r2), String(format: "%.2f×", r2 / r1)]
        }
        guard !rows.isEmpty else {
            context.say("No records in \(folder.path): run §5.3.3's speed plan (its README) first.")
            return
        }
        context.say(table(["model", "1 rank (img/s)", "2 ranks (img/s)", "speed-up"], rows))
        context.say("MPI ranks on this machine's 2 cores (records in 5.3.3-data-parallel/speed/). Its README adds the "
                    + "machine's own ceiling: two independent 1-rank processes together reach 1.69× one alone, so "
                    + "2 ranks cannot do better than that here, whatever the communication costs.")
    }
}
