import Testing
import Distributed

/// The pure parts of data parallelism: how the gradient buffer is cut into buckets, and the α–β model.
@Suite("Buckets and the α–β model")
struct PlanningTests {
    /// The article's CNN with DDP's sizes: fc2.bias, fc2.weight, fc1.bias, fc1.weight reach 1 MB only with
    /// fc1.weight (802,816 floats = 3.2 MB), so bucket 0 holds those four; the convolutions (74,496 floats) are
    /// bucket 1. Buckets tile the buffer from its end, without gaps.
    @Test func theCNNsGradientsFallIntoTwoBucketsFromTheEnd() {
        let counts = [576, 64, 73_728, 128, 802_816, 128, 1280, 10]   // conv1.w, conv1.b, …, fc2.b
        let plan = GradientBuckets(parameterCounts: counts, scalarBytes: 4, firstBucketBytes: 1 << 20,
                                   bucketBytes: 25 << 20)
        #expect(plan.buckets.map(\.entries) == [4..<8, 0..<4])
        #expect(plan.buckets.map(\.range) == [74_496..<878_730, 0..<74_496])
        #expect(plan.bucketOfEntry == [1, 1, 1, 1, 0, 0, 0, 0])
        let tiny = GradientBuckets(parameterCounts: counts, scalarBytes: 4, firstBucketBytes: 4, bucketBytes: 4)
        #expect(tiny.buckets.count == counts.count, "buckets of 4 bytes: one parameter each")
        #expect(tiny.buckets.first?.entries == 7..<8)
    }

    /// Measurements made exactly of T = 2(N − 1)α + 2(N − 1)/N·n·β give back α and β (to rounding: 1e-9
    /// relative, far below any mistake in the normal equations, which would be off by O(1)).
    @Test func theFitRecoversTheModelThatMadeTheMeasurements() {
        let truth = RingAllreduceModel(alpha: 3e-6, beta: 1 / 4e9)
        for ranks in [2, 4, 8] {
            let measurements = AllreduceBenchmark.sizes.map {
                AllreduceBenchmark.Measurement(bytes: $0, seconds: truth.seconds(bytes: $0, ranks: ranks))
            }
            let fitted = RingAllreduceModel.fit(measurements, ranks: ranks)
            #expect(abs(fitted.alpha / truth.alpha - 1) < 1e-9 && abs(fitted.beta / truth.beta - 1) < 1e-9)
        }
        #expect(truth.seconds(bytes: 1 << 20, ranks: 1) == 0, "one rank sends nothing")
    }

    /// With free communication the speed-up is N (up to the last step's rounding up); with communication it is
    /// T₁/T_N = t/(t + c) · N.
    @Test func aPredictionIsComputeOverComputePlusCommunication() {
        let free = RingAllreduceModel(alpha: 0, beta: 0)
        let ideal = ScalingPrediction.predict(ranks: 4, samples: 6400, localBatch: 64, stepSeconds: 0.1,
                                              gradientBytes: 1 << 22, network: free)
        #expect(abs(ideal.speedUp - 4) < 1e-12 && ideal.globalBatch == 256)
        let network = RingAllreduceModel(alpha: 0, beta: 1e-8)   // 2·3/4·4 MiB·1e-8 s = 0.0315 s
        let real = ScalingPrediction.predict(ranks: 4, samples: 6400, localBatch: 64, stepSeconds: 0.1,
                                             gradientBytes: 1 << 22, network: network)
        let c = 2.0 * 3 / 4 * Double(1 << 22) * 1e-8
        #expect(abs(real.speedUp - 4 * 0.1 / (0.1 + c)) < 1e-12)
    }
}
