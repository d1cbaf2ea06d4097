import Testing
import DeepLearning
@testable import Datasets

/// The loader's oversampling of one class (`ClassOversampler` as the loader's `sampler`).
@Suite struct ClassOversamplerTests {
    /// 10 gray 3×2 images, label i mod 3: class 0 is {0, 3, 6, 9}, class 1 {1, 4, 7}, class 2 {2, 5, 8}.
    static let images = DataLoaderTests.images
    /// Class 1 drawn 9 times from its 3 images: the pigeonhole makes some image repeat in every epoch.
    static let sampler = ClassOversampler(labels: images.labels, oversampledClass: 1, draws: 9)

    /// An epoch is every image of classes 0 and 2 once and 9 images of class 1, drawn from its own: 7 + 9 = 16
    /// samples, 6 batches of 3 (the last holds 1).
    @Test func anEpochHoldsTheOthersOnceAndTheDrawsOfTheClass() {
        let loader = DataLoader(Self.images, batchSize: 3, seed: 7, sampler: Self.sampler)
        #expect(loader.samplesPerEpoch == 16 && loader.batchesPerEpoch == 6)
        for epoch in 0..<4 {
            let order = loader.order(epoch: epoch)
            #expect(order.count == 16)
            #expect(order.filter { $0 % 3 != 1 }.sorted() == [0, 2, 3, 5, 6, 8, 9])
            let drawn = order.filter { $0 % 3 == 1 }
            #expect(drawn.count == 9 && Set(drawn).isSubset(of: [1, 4, 7]))
        }
    }

    /// The order is the documented one: draws from stream 2⁶⁰ + e, then the loader's Fisher–Yates of epoch e over
    /// [others ascending] + [draws], rebuilt here from RandomGenerator alone. It depends on (seed, epoch) only.
    @Test func theOrderIsAFunctionOfSeedAndEpoch() {
        for (seed, epoch) in [(7, 0), (7, 1), (8, 0)] as [(UInt64, Int)] {
            var draws = RandomGenerator(seed: seed, stream: (1 << 60) + UInt64(epoch))
            var expected = [0, 2, 3, 5, 6, 8, 9] + (0..<9).map { _ in [1, 4, 7][draws.nextInt(below: 3)] }
            var shuffle = RandomGenerator(seed: seed, stream: UInt64(epoch))
            shuffle.shuffle(&expected)
            #expect(Self.sampler.order(epoch: epoch, seed: seed) == expected, "seed \(seed), epoch \(epoch)")
        }
        #expect(Self.sampler.order(epoch: 0, seed: 7) != Self.sampler.order(epoch: 1, seed: 7))
        #expect(Self.sampler.order(epoch: 0, seed: 7) != Self.sampler.order(epoch: 0, seed: 8))
    }

    /// Any number of producers, augmenting, gives bitwise the batches of a synchronous loader: the sampler's order
    /// is made once per epoch before any producer starts, and each position's augmentation draws as before.
    @Test func zeroOneOrThreeProducersGiveBitwiseTheSameBatches() throws {
        func loader(producers: Int) -> DataLoader<LabeledImages> {
            DataLoader(Self.images, batchSize: 3, augmentation: BatchPipelineTests.augmentation,
                       normalization: BatchPipelineTests.grayNormalization, seed: 5, producers: producers,
                       sampler: Self.sampler)
        }
        for epoch in 0..<2 {
            let expected = try DataLoaderTests.allBatches(loader(producers: 0), epoch: epoch)
            #expect(expected.map(\.count) == [3, 3, 3, 3, 3, 1])
            #expect(expected.flatMap(\.indices) == loader(producers: 0).order(epoch: epoch))
            #expect(expected.flatMap(\.labels) == expected.flatMap(\.indices).map { $0 % 3 })
            for producers in [1, 3] {
                #expect(try DataLoaderTests.allBatches(loader(producers: producers), epoch: epoch) == expected,
                        "epoch \(epoch), \(producers) producers")
            }
        }
    }

    /// `balancing` draws the largest other class's count: class 1 (3 images) as often as class 0 (4).
    @Test func balancingDrawsAsManyAsTheLargestOtherClass() {
        let balanced = ClassOversampler.balancing(labels: Self.images.labels, oversampledClass: 1)
        #expect(balanced.draws == 4 && balanced.samplesPerEpoch == 11)
    }
}
