import Testing
import DeepLearning
@testable import Datasets

/// The DataLoader's stages (decode → augment → normalise), its producer threads and its shards.
@Suite struct BatchPipelineTests {
    /// 10 gray 3×2 images; image i has every pixel 10·i + position, label i mod 3.
    static let gray = DataLoaderTests.images
    /// 7 RGB 3×2 images (HWC bytes 7·i + offset), to see each channel normalised with its own statistics.
    static let rgb = LabeledImages(width: 3, height: 2, channels: 3,
                                   pixels: (0..<7).flatMap { i in (0..<18).map { UInt8(7 * i + $0) } },
                                   labels: (0..<7).map { $0 % 2 }, classNames: ["a", "b"])
    static let rgbNormalization = InputNormalization(mean: [0.1, 0.2, 0.3], std: [0.5, 0.6, 0.7])
    /// Every kind of augmentation, at the gray images' size.
    static let augmentation: [any Augmentation] = [RandomCrop(2, 3, padding: 1), RandomHorizontalFlip(),
                                                   RandomRotation(degrees: 20)]
    static let grayNormalization = InputNormalization(mean: [0.3], std: [0.2])

    /// Sample `index` of `images` by hand: byte/255 at (channel, y, x), read at column `width − 1 − x` when
    /// mirrored, then `(v − mean[c]) / std[c]`, in Float as torchvision computes it.
    static func expectedSample(_ images: LabeledImages, _ index: Int, mirrored: Bool,
                               normalization: InputNormalization) -> [Float] {
        let (channels, height, width) = (images.channels, images.height, images.width)
        let bytes = Array(images.imageBytes(at: index))
        return (0..<channels).flatMap { c in
            (0..<height).flatMap { y in
                (0..<width).map { x -> Float in
                    let column = mirrored ? width - 1 - x : x
                    let value = Float(bytes[(y * width + column) * channels + c]) / 255
                    return (value - normalization.floatMean[c]) / normalization.floatStd[c]
                }
            }
        }
    }

    /// Normalisation is a stage: it happens with augmentation as without. Before the batch pipeline it lived in a
    /// data set (`NormalizedImages.writeTensor`) that the loader bypassed as soon as a transform was given, and the
    /// augmented half of this test failed: its inputs came out unnormalised, in [0, 1].
    @Test(arguments: [0, 2])
    func normalisationHappensWithAndWithoutAugmentation(producers: Int) throws {
        // A flip with probability 1 mirrors every sample: augmented, yet predictable by hand.
        for augmentation in [[], [RandomHorizontalFlip(probability: 1)]] as [[any Augmentation]] {
            let loader = DataLoader(Self.rgb, batchSize: 3, shuffle: true, augmentation: augmentation,
                                    normalization: Self.rgbNormalization, seed: 4, producers: producers)
            let batches = try DataLoaderTests.allBatches(loader, epoch: 0)
            #expect(batches.map(\.count) == [3, 3, 1])
            for batch in batches {
                let expected = batch.indices.flatMap { index in
                    Self.expectedSample(Self.rgb, index, mirrored: !augmentation.isEmpty,
                                        normalization: Self.rgbNormalization)
                }
                #expect(batch.images.scalars == expected, "augmentation: \(augmentation.count) steps")
            }
        }
    }

    /// Any number of producers gives bitwise the batches of a synchronous loader, augmented and normalised:
    /// randomness depends on (seed, epoch, position) only, never on which thread prepared a batch.
    @Test func zeroOneOrThreeProducersGiveBitwiseTheSameBatches() throws {
        func loader(producers: Int) -> DataLoader<LabeledImages> {
            DataLoader(Self.gray, batchSize: 3, shuffle: true, augmentation: Self.augmentation,
                       normalization: Self.grayNormalization, seed: 5, producers: producers)
        }
        let synchronous = loader(producers: 0)
        var epochs: [[Batch]] = []
        for epoch in 0..<3 {
            let expected = try DataLoaderTests.allBatches(synchronous, epoch: epoch)
            #expect(expected.map(\.count) == [3, 3, 3, 1])
            for producers in [1, 3] {
                #expect(try DataLoaderTests.allBatches(loader(producers: producers), epoch: epoch) == expected,
                        "epoch \(epoch), \(producers) producers")
            }
            epochs.append(expected)
        }
        // The augmentation really is random (epochs 0 and 1 differ), and each sample is what the transforms' tensor
        // API gives with the sample's own generator: the in-place stages run the same code.
        #expect(epochs[0] != epochs[1])
        let tensorAPI = Compose(Self.augmentation + [Normalize(Self.grayNormalization)])
        for (epoch, batches) in epochs.enumerated() {
            for (number, batch) in batches.enumerated() {
                for (slot, index) in batch.indices.enumerated() {
                    var random = synchronous.sampleGenerator(epoch: epoch, position: number * 3 + slot)
                    let expected = tensorAPI.apply(ToTensor()(Self.gray.image(at: index)), random: &random)
                    #expect(Array(batch.images.scalars[slot * 6 ..< (slot + 1) * 6]) == expected.scalars)
                }
            }
        }
    }

    /// Data-parallel shards: the batches of ranks 0..<N, concatenated, are the global batch bit for bit (images,
    /// labels, indices), each says the global batch's count, and every rank has the same number of batches, the
    /// partial last one included (10 samples in batches of 4: 4, 4, 2; with 3 ranks rank 0's last slice is empty).
    @Test(arguments: [1, 2, 3])
    func shardsConcatenateToTheGlobalBatch(worldSize: Int) throws {
        let global = DataLoader(Self.gray, batchSize: 4, shuffle: true, augmentation: Self.augmentation,
                                normalization: Self.grayNormalization, seed: 8)
        for epoch in 0..<2 {
            let expected = try DataLoaderTests.allBatches(global, epoch: epoch)
            // Ranks alternate between synchronous and threaded loading: the shard, not the thread, decides.
            let shards = try (0..<worldSize).map { rank in
                try DataLoaderTests.allBatches(
                    DataLoader(Self.gray, batchSize: 4, shuffle: true, augmentation: Self.augmentation,
                               normalization: Self.grayNormalization, seed: 8, producers: rank % 2 * 2,
                               shard: Shard(rank: rank, worldSize: worldSize)), epoch: epoch)
            }
            #expect(shards.allSatisfy { $0.count == expected.count })
            for (number, batch) in expected.enumerated() {
                let parts = shards.map { $0[number] }
                #expect(parts.flatMap(\.images.scalars) == batch.images.scalars, "epoch \(epoch), batch \(number)")
                #expect(parts.flatMap(\.labels) == batch.labels)
                #expect(parts.flatMap(\.indices) == batch.indices)
                #expect(parts.allSatisfy { $0.globalCount == batch.count && $0.images.shape.dropFirst() == [1, 2, 3] })
            }
        }
        if worldSize == 3 {
            #expect(Shard(rank: 0, worldSize: 3).slice(of: 8..<10).isEmpty)
        }
    }

    /// A stage that does not fit the samples is an error before the first batch, not a trap.
    @Test func unfitStagesAreAnError() throws {
        let crop = DataLoader(Self.gray, batchSize: 4, augmentation: [RandomCrop(2, 2, padding: 1)])
        let cropError = #expect(throws: DatasetError.self) { try crop.batches(epoch: 0).next() }
        #expect(cropError?.description == "RandomCrop(2, 2, padding: 1) in a DataLoader must keep the samples' size, "
                    + "2×3: crop to that size, or resize the samples when decoding")
        let normalization = DataLoader(Self.gray, batchSize: 4, normalization: Self.rgbNormalization)
        let normalizationError = #expect(throws: DatasetError.self) { try normalization.batches(epoch: 0).next() }
        #expect(normalizationError?.description
                    == "the normalisation has 3 means and stds, but the samples are 1×2×3: give one per channel (or one "
                    + "for all)")
    }

    /// Resize and Grayscale decode: a resized data set's batches hold the resize of ToTensor of each image, and
    /// its `image(at:)` is those values rounded back to bytes, as PIL returns a resized image.
    @Test func resizedImagesDecodeThroughTheirSteps() throws {
        let resized = ResizedImages(Self.gray, grayscale: Grayscale(outputChannels: 3), resize: Resize(4, 5))
        #expect(try resized.sampleShape(at: 0) == ImageShape(channels: 3, height: 4, width: 5))
        let batch = try #require(try DataLoader(resized, batchSize: 10).batches(epoch: 0).next())
        let steps = Compose([Grayscale(outputChannels: 3), Resize(4, 5)])
        for index in 0..<10 {
            let expected = steps(ToTensor()(Self.gray.image(at: index)))
            #expect(Array(batch.images.scalars[index * 60 ..< (index + 1) * 60]) == expected.scalars)
            let bytes = try resized.image(at: index)
            #expect(bytes.width == 5 && bytes.height == 4 && bytes.channels == 3)
            #expect(bytes.pixels[0] == UInt8((expected.scalars[0] * 255).rounded()))
        }
    }
}
