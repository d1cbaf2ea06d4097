import Foundation
import Testing
import DeepLearning
@testable import Datasets

@Suite struct DataLoaderTests {
    /// 10 gray 3×2 images; image i has every pixel 10·i + position, label i mod 3.
    static let images = LabeledImages(width: 3, height: 2, channels: 1,
                                      pixels: (0..<10).flatMap { i in (0..<6).map { UInt8(10 * i + $0) } },
                                      labels: (0..<10).map { $0 % 3 }, classNames: ["a", "b", "c"])

    static func allBatches<D>(_ loader: DataLoader<D>, epoch: Int) throws -> [Batch] {
        let iterator = loader.batches(epoch: epoch)
        var batches: [Batch] = []
        while let batch = try iterator.next() { batches.append(batch) }
        return batches
    }

    @Test func sameSeedSameOrderOtherEpochOtherOrder() {
        let loader = DataLoader(Self.images, batchSize: 4, shuffle: true, seed: 42)
        let twin = DataLoader(Self.images, batchSize: 4, shuffle: true, seed: 42)
        let other = DataLoader(Self.images, batchSize: 4, shuffle: true, seed: 43)
        #expect(loader.order(epoch: 0) == twin.order(epoch: 0))
        #expect(loader.order(epoch: 0) != loader.order(epoch: 1))
        #expect(loader.order(epoch: 0) != other.order(epoch: 0))
        #expect(DataLoader(Self.images, batchSize: 4).order(epoch: 5) == Array(0..<10))
    }

    /// The order is the documented Fisher–Yates, replayed here with a generator of the same seed and stream.
    @Test func orderIsDocumentedFisherYates() {
        let loader = DataLoader(Self.images, batchSize: 4, shuffle: true, seed: 9)
        var random = RandomGenerator(seed: 9, stream: 3)
        var expected = Array(0..<10)
        for i in stride(from: 9, to: 0, by: -1) { expected.swapAt(i, random.nextInt(below: i + 1)) }
        #expect(loader.order(epoch: 3) == expected)
    }

    @Test(arguments: [0, 2])
    func everySampleOncePerEpochWithPartialBatch(producers: Int) throws {
        let loader = DataLoader(Self.images, batchSize: 4, shuffle: true, seed: 1, producers: producers)
        for epoch in 0..<3 {
            let batches = try Self.allBatches(loader, epoch: epoch)
            #expect(batches.map(\.count) == [4, 4, 2])
            #expect(batches.flatMap(\.indices) == loader.order(epoch: epoch))
            #expect(batches.flatMap(\.indices).sorted() == Array(0..<10))
            for batch in batches {
                #expect(batch.images.shape == [batch.count, 1, 2, 3])
                #expect(batch.labels == batch.indices.map { $0 % 3 })
                #expect(batch.globalCount == batch.count)
                // Without augmentation or normalisation a batch is exactly ToTensor of its images, in batch order.
                let expected = batch.indices.flatMap { Self.images.tensor($0..<($0 + 1)).scalars }
                #expect(batch.images.scalars == expected)
            }
        }
    }

    @Test func dropLastDropsThePartialBatch() throws {
        let loader = DataLoader(Self.images, batchSize: 4, dropLast: true)
        #expect(loader.batchesPerEpoch == 2)
        #expect(try Self.allBatches(loader, epoch: 0).map(\.count) == [4, 4])
        #expect(DataLoader(Self.images, batchSize: 4).batchesPerEpoch == 3)
    }

    /// A batch kept by the caller stays intact while the loader reuses storage for later batches.
    @Test func keptBatchesAreNotOverwritten() throws {
        let loader = DataLoader(Self.images, batchSize: 2, producers: 1)
        let iterator = loader.batches(epoch: 0)
        let kept = try #require(try iterator.next())
        let snapshot = kept.images.scalars
        while try iterator.next() != nil {}
        #expect(kept.images.scalars == snapshot)
    }

    /// Dropping an iterator mid-epoch stops its producers; a new epoch starts cleanly.
    @Test(arguments: [1, 3])
    func abandonedEpoch(producers: Int) throws {
        let loader = DataLoader(Self.images, batchSize: 1, producers: producers)
        do {
            let iterator = loader.batches(epoch: 0)
            _ = try iterator.next()
        }
        #expect(try Self.allBatches(loader, epoch: 1).count == 10)
    }

    @Test(arguments: [0, 1, 3])
    func loadErrorsReachTheCaller(producers: Int) throws {
        try withTemporaryDirectory { root in
            try FileManager.default.createDirectory(atPath: root + "/cat", withIntermediateDirectories: true)
            try PNG.write(PixelImage(width: 1, height: 1, channels: 1, pixels: [9]), toFile: root + "/cat/a.png")
            try write(Array("garbage".utf8), to: root + "/cat/b.png")
            let loader = DataLoader(try ImageFolder(root: root, channels: 1), batchSize: 1, producers: producers)
            let iterator = loader.batches(epoch: 0)
            #expect(try iterator.next()?.images.scalars == [Float(9) / 255])
            let error = #expect(throws: DatasetError.self) { try iterator.next() }
            #expect(error?.corruption?.path == root + "/cat/b.png")
            #expect(try iterator.next() == nil)  // the epoch ends at the error
        }
    }

    @Test func samplesOfDifferentShapesAreAnError() throws {
        try withTemporaryDirectory { root in
            try FileManager.default.createDirectory(atPath: root + "/cat", withIntermediateDirectories: true)
            try PNG.write(PixelImage(width: 1, height: 1, channels: 1, pixels: [9]), toFile: root + "/cat/a.png")
            try PNG.write(PixelImage(width: 2, height: 1, channels: 1, pixels: [9, 9]), toFile: root + "/cat/b.png")
            let folder = try ImageFolder(root: root, channels: 1)
            let error = #expect(throws: DatasetError.self) {
                try Self.allBatches(DataLoader(folder, batchSize: 2, producers: 0), epoch: 0)
            }
            #expect(error?.description == "sample 1 is 1×1×2, but the loader's batches hold samples of 1×1×1, the "
                        + "shape of sample 0: decode through a Resize (ResizedImages) so that all samples have one shape")
            // Decoded through a Resize they batch.
            let resized = DataLoader(ResizedImages(folder, resize: Resize(2, 2)), batchSize: 2)
            #expect(try Self.allBatches(resized, epoch: 0).map { $0.images.shape } == [[2, 1, 2, 2]])
        }
    }

    /// §5.2.1 end to end on the first 200 real test images: the article's pipeline (at 56 px to stay quick in a
    /// debug build) over the exported ImageFolder gives the batches of the IDX loader with the same stages.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory)))
    func imageFolderBatchesEqualIDXBatches() throws {
        let idx = try FashionMNIST.load(.test, verifyChecksums: false).subset(0..<200)
        try withTemporaryDirectory { root in
            try exportImageFolder([("test", idx)], to: root)
            let folder = try ImageFolder(root: root + "/test")  // 3 channels, like torchvision's loader
            // The IDX samples in ImageFolder's order (class folders sorted by name, files by index).
            let idxLabel = folder.classNames.map { name in
                FashionMNIST.classNames.firstIndex { imageFolderName(forClass: $0) == name }!
            }
            let reordered = idx.subset(folder.classNames.indices.flatMap { label in
                (0..<200).filter { idx.labels[$0] == idxLabel[label] }
            })
            let fromFolder = DataLoader(ResizedImages(folder, resize: Resize(56, 56)), batchSize: 64, shuffle: true,
                                        normalization: .imageNet, seed: 3)
            let rgb = ResizedImages(reordered, grayscale: Grayscale(outputChannels: 3), resize: Resize(56, 56))
            let fromIDX = DataLoader(rgb, batchSize: 64, shuffle: true, normalization: .imageNet, seed: 3)
            let a = try Self.allBatches(fromFolder, epoch: 0), b = try Self.allBatches(fromIDX, epoch: 0)
            #expect(a.map(\.count) == [64, 64, 64, 8])
            #expect(a.map(\.images) == b.map(\.images))
            #expect(a.map { $0.labels.map { idxLabel[$0] } } == b.map(\.labels))
        }
    }
}
