import Foundation

/// OSU-style all-reduce latency (osu_allreduce): for each message size, a few warm-up calls, then the mean time of
/// `iterations` blocking all-reduces in a row, the maximum over ranks (the slowest rank decides a step).
public enum AllreduceBenchmark {
    public struct Measurement: Sendable, Equatable, Codable {
        public var bytes: Int
        public var seconds: Double
        public init(bytes: Int, seconds: Double) {
            self.bytes = bytes
            self.seconds = seconds
        }
        /// Algorithm bandwidth n/t, bytes per second.
        public var bandwidth: Double { Double(bytes) / seconds }
    }

    /// 4 B, 16 B, …, 64 MB: powers of 4.
    public static let sizes = (0...12).map { 4 << (2 * $0) }

    /// Measures every size of `sizes` on all ranks of `world` (every rank must call it).
    public static func run(_ world: Communicator, sizes: [Int] = sizes) throws -> [Measurement] {
        var buffer = [Float](repeating: 1, count: (sizes.max() ?? 4) / 4)
        var results: [Measurement] = []
        for bytes in sizes {
            // About 20 ms of work per size at this machine's ~2 GB/s, at least 10 and at most 1,000 calls.
            let iterations = max(10, min(1000, 40_000_000 / max(bytes, 4_000)))
            let count = max(1, bytes / 4)
            let seconds = try buffer.withUnsafeMutableBufferPointer { all -> Double in
                let slice = UnsafeMutableBufferPointer(rebasing: all[0 ..< count])
                for _ in 0..<3 { try world.allreduce(slice) }
                try world.barrier()
                let start = Date()
                for _ in 0..<iterations { try world.allreduce(slice) }
                return Date().timeIntervalSince(start) / Double(iterations)
            }
            var slowest = seconds
            try withUnsafeMutablePointer(to: &slowest) { try world.maximum(UnsafeMutableBufferPointer(start: $0, count: 1)) }
            results.append(Measurement(bytes: count * 4, seconds: slowest))
            // The buffer's values grow by ×N per call; reset them so that no size sums infinities.
            for index in buffer.indices { buffer[index] = 1 }
        }
        return results
    }
}
