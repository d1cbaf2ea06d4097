import Foundation

/// The α–β model of a ring all-reduce of n bytes over N ranks: T = 2(N − 1)·α + 2(N − 1)/N · n·β, with α the
/// latency of one message and β the seconds per byte of a link (reduce-scatter then all-gather, each N − 1 steps
/// of n/N bytes). Fitted to measurements by least squares, then used to predict data-parallel epochs elsewhere.
public struct RingAllreduceModel: Sendable, Equatable, Codable {
    /// Seconds per message.
    public var alpha: Double
    /// Seconds per byte.
    public var beta: Double

    public init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }

    /// A 10 Gb/s Ethernet link with TCP: 1.25 GB/s, about 25 µs per message (assumed, typical of MPI over TCP).
    public static let tenGigabitEthernet = RingAllreduceModel(alpha: 25e-6, beta: 1 / 1.25e9)
    /// A 100 Gb/s InfiniBand-class link: 12.5 GB/s, about 2 µs per message (assumed, typical of RDMA).
    public static let hundredGigabit = RingAllreduceModel(alpha: 2e-6, beta: 1 / 12.5e9)

    /// Seconds of one all-reduce of `bytes` over `ranks`.
    public func seconds(bytes: Int, ranks: Int) -> Double {
        guard ranks > 1 else { return 0 }
        let n = Double(ranks)
        return 2 * (n - 1) * alpha + 2 * (n - 1) / n * Double(bytes) * beta
    }

    /// The least-squares α and β for measurements on `ranks` ranks: T = a·α + b·β with a = 2(N − 1) and
    /// b = 2(N − 1)/N·n is linear in (α, β); the normal equations of the measurements, each weighted by 1/T so
    /// that the 4-byte and the 64-MB calls count alike (relative error), give both.
    public static func fit(_ measurements: [AllreduceBenchmark.Measurement], ranks: Int) -> RingAllreduceModel {
        precondition(ranks > 1 && measurements.count >= 2, "RingAllreduceModel.fit: needs 2 ranks and 2 sizes")
        let n = Double(ranks)
        var (saa, sab, sbb, sat, sbt) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for m in measurements {
            let w = 1 / m.seconds
            let a = 2 * (n - 1) * w, b = 2 * (n - 1) / n * Double(m.bytes) * w, t = m.seconds * w
            saa += a * a; sab += a * b; sbb += b * b; sat += a * t; sbt += b * t
        }
        let determinant = saa * sbb - sab * sab
        return RingAllreduceModel(alpha: (sat * sbb - sbt * sab) / determinant,
                                  beta: (saa * sbt - sab * sat) / determinant)
    }
}

/// A data-parallel epoch predicted from one rank's compute time and an all-reduce model (weak scaling: every rank
/// keeps its local batch, so N ranks take 1/N of the steps, each paying one all-reduce of the gradients).
public struct ScalingPrediction: Sendable, Equatable {
    public var ranks: Int
    public var epochSeconds: Double
    /// Speed-up over one rank: T(1)/T(N).
    public var speedUp: Double
    /// speedUp / N.
    public var efficiency: Double { speedUp / Double(ranks) }
    /// The global batch, local batch × N, and what the linear-scaling rule makes of the learning rate.
    public var globalBatch: Int

    /// `stepSeconds`: one rank's forward + backward + update of a local batch; `exposedShare`: the part of the
    /// all-reduce that is not hidden behind backward (1: none hidden, the upper bound).
    public static func predict(ranks: Int, samples: Int, localBatch: Int, stepSeconds: Double, gradientBytes: Int,
                               network: RingAllreduceModel, exposedShare: Double = 1) -> ScalingPrediction {
        let single = Double((samples + localBatch - 1) / localBatch) * stepSeconds
        let steps = Double((samples + localBatch * ranks - 1) / (localBatch * ranks))
        let epoch = steps * (stepSeconds + exposedShare * network.seconds(bytes: gradientBytes, ranks: ranks))
        return ScalingPrediction(ranks: ranks, epochSeconds: epoch, speedUp: single / epoch,
                                 globalBatch: localBatch * ranks)
    }
}
