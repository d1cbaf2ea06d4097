import Foundation

/// PyTorch's whole epochs of the same recipe: the committed twin `pytorch_train_reference.py` (its default
/// torch randomness), `--epochs E` at `--threads T`, read from its RESULT line's per-epoch `seconds` (training
/// loop), `loader_seconds` (order and batch gathers inside it) and `eval_seconds` (validation and test after it).
enum PyTorchEpochs {
    static let script = URL(fileURLWithPath: PyTorchReference.script).deletingLastPathComponent()
        .appendingPathComponent("pytorch_train_reference.py").path

    /// The RESULT line's fields this bench reads.
    private struct Result: Decodable {
        struct Epoch: Decodable {
            var epoch: Int
            var images: Int
            var seconds: Double
            var loader_seconds: Double
            var eval_seconds: Double
        }
        var epochs: [Epoch]
    }

    /// The script's arguments for `epochs` epochs (also what the report quotes).
    static func arguments(epochs: Int, threads: Int, fitImages: Int, evaluationImages: Int?, seed: UInt64) -> [String] {
        [script, "--epochs", String(epochs), "--threads", String(threads), "--seed", String(seed),
         "--fit-images", String(fitImages)] + (evaluationImages.map { ["--eval-images", String($0)] } ?? [])
    }

    /// The epochs' timings; nil (with the reason on stderr) when the script fails.
    static func measure(epochs: Int, threads: Int, fitImages: Int, evaluationImages: Int?, seed: UInt64) -> [EpochTiming]? {
        let arguments = arguments(epochs: epochs, threads: threads, fitImages: fitImages,
                                  evaluationImages: evaluationImages, seed: seed)
        guard let run = try? PyTorchReference.run(arguments: arguments), run.status == 0,
              let timings = timings(fromOutput: run.output) else {
            FileHandle.standardError.write(Data("bench: \(script) failed for \(epochs) epoch(s) at \(threads) thread(s)\n".utf8))
            return nil
        }
        return timings
    }

    /// The epochs of the script's last RESULT line; nil without one, or when it lacks a field.
    static func timings(fromOutput output: String) -> [EpochTiming]? {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") }),
              let result = try? JSONDecoder().decode(Result.self, from: Data(line.dropFirst("RESULT ".count).utf8)) else {
            return nil
        }
        return result.epochs.map {
            EpochTiming(epoch: $0.epoch, images: $0.images, trainingSeconds: $0.seconds,
                        loaderWaitSeconds: $0.loader_seconds, evaluationSeconds: $0.eval_seconds)
        }
    }
}
