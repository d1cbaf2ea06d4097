import Foundation
import Testing
import Codecs
@testable import Datasets

/// The IDX loader on small synthetic files written in a temporary directory under Fashion-MNIST's file names,
/// then on the real test split.
@Suite struct FashionMNISTTests {
    /// Three 2×4 images whose pixel (n, y, x) is 10n + 4y + x, labels 9, 0, 3.
    static let pixels = (0..<3).flatMap { n in (0..<8).map { UInt8(10 * n + $0) } }
    static let labels: [UInt8] = [9, 0, 3]

    /// Writes a split's two files: IDX encoded, then gzipped unless `gzip` is false.
    static func writeTestSplit(in directory: String, images: [UInt8], labels: [UInt8], gzip: Bool = true,
                               split: FashionMNIST.Split = .test) throws {
        let files = FashionMNIST.files(split)
        try write(gzip ? Gzip.compress(images) : images, to: directory + "/" + files.images.name)
        try write(gzip ? Gzip.compress(labels) : labels, to: directory + "/" + files.labels.name)
    }

    static let goodImages = IDXArray.encode(shape: [3, 2, 4], bytes: pixels)
    static let goodLabels = IDXArray.encode(shape: [3], bytes: labels)

    @Test func loadsSyntheticSplit() throws {
        try withTemporaryDirectory { directory in
            try Self.writeTestSplit(in: directory, images: Self.goodImages, labels: Self.goodLabels)
            let set = try FashionMNIST.load(.test, directory: directory, verifyChecksums: false)
            #expect(set.count == 3 && set.height == 2 && set.width == 4 && set.channels == 1)
            #expect(set.labels == [9, 0, 3])
            #expect(set.classNames[set.labels[0]] == "Ankle boot")
            #expect(set.image(at: 1).pixels == Array(10..<18).map(UInt8.init))
            // ToTensor's scaling: byte / 255 in Float, image 2 pixel (y 1, x 3) = 20 + 4 + 3.
            let tensor = set.tensor(1..<3)
            #expect(tensor.shape == [2, 1, 2, 4])
            #expect(tensor[1, 0, 1, 3] == Float(27) / 255)
        }
    }

    /// Both synthetic splits exported: train/ and test/, class folders by safe name, one PNG per image.
    @Test func exportsBothSplits() throws {
        try withTemporaryDirectory { directory in
            try Self.writeTestSplit(in: directory, images: Self.goodImages, labels: Self.goodLabels)
            try Self.writeTestSplit(in: directory, images: Self.goodImages, labels: Self.goodLabels, split: .train)
            var last = (0, 0)
            try FashionMNIST.exportImageFolder(to: directory + "/tree", directory: directory, verifyChecksums: false) {
                last = ($0, $1)
            }
            #expect(last == (6, 6))
            let train = try ImageFolder(root: directory + "/tree/train", channels: 1)
            #expect(train.classNames == ["Ankle boot", "Dress", "T-shirt_top"])
            #expect(train.paths.map { String($0.dropFirst(directory.count)) }
                    == ["/tree/train/Ankle boot/0.png", "/tree/train/Dress/2.png", "/tree/train/T-shirt_top/1.png"])
            #expect(try ImageFolder(root: directory + "/tree/test", channels: 1).count == 3)
        }
    }

    /// Each way a file can be wrong gives one `DatasetError` whose message says what is wrong.
    @Test(arguments: [
        ("bad magic", [UInt8]([0x1f, 0, 8, 3]) + goodImages.dropFirst(4), goodLabels,
         "bad IDX magic number 1f 00 08 03, expected 00 00 08 03"),
        ("labels as images", goodLabels, goodLabels, "IDX file has 1 dimensions, expected 3"),
        ("not bytes", [UInt8]([0, 0, 0x0d, 3]) + goodImages.dropFirst(4), goodLabels,
         "IDX element type 0xd is not unsigned byte (0x08)"),
        ("truncated", Array(goodImages.dropLast(5)), goodLabels,
         "truncated: 35 bytes, header 3×2×4 needs 40"),
        ("trailing", goodImages + [1, 2], goodLabels, "2 bytes after the 3×2×4 elements"),
        ("wrong count", goodImages, IDXArray.encode(shape: [2], bytes: [1, 2]),
         "2 labels for 3 images in t10k-images-idx3-ubyte.gz"),
        ("bad label", goodImages, IDXArray.encode(shape: [3], bytes: [1, 10, 2]),
         "label 10 of image 1 is not one of the 10 classes"),
    ] as [(String, [UInt8], [UInt8], String)])
    func corruptFiles(_ name: String, images: [UInt8], labels: [UInt8], reason: String) throws {
        try withTemporaryDirectory { directory in
            try Self.writeTestSplit(in: directory, images: images, labels: labels)
            let error = #expect(throws: DatasetError.self) {
                try FashionMNIST.load(.test, directory: directory, verifyChecksums: false)
            }
            #expect(error?.corruption?.reason == reason, "\(name)")
        }
    }

    @Test func notGzipped() throws {
        try withTemporaryDirectory { directory in
            try Self.writeTestSplit(in: directory, images: Self.goodImages, labels: Self.goodLabels, gzip: false)
            let error = #expect(throws: DatasetError.self) {
                try FashionMNIST.load(.test, directory: directory, verifyChecksums: false)
            }
            #expect(error?.description == directory + "/t10k-images-idx3-ubyte.gz is corrupt: not gzip data: "
                        + "starts with 00 00, gzip starts with 1f 8b")
        }
    }

    @Test func missingFileNamesThePackage() throws {
        try withTemporaryDirectory { directory in
            let error = #expect(throws: DatasetError.self) { try FashionMNIST.load(.train, directory: directory) }
            #expect(error?.description == directory + "/train-images-idx3-ubyte.gz is missing: install "
                        + "Fashion-MNIST with `apt-get install dataset-fashion-mnist` (or `make deps`)")
        }
    }

    /// The synthetic files are valid but not the packaged ones: with verification on, the checksum catches it.
    @Test func checksumMismatch() throws {
        try withTemporaryDirectory { directory in
            try Self.writeTestSplit(in: directory, images: Self.goodImages, labels: Self.goodLabels)
            let error = #expect(throws: DatasetError.self) { try FashionMNIST.load(.test, directory: directory) }
            guard case let .checksumMismatch(path, expected, _) = error else {
                Issue.record("expected a checksum mismatch, got \(String(describing: error))")
                return
            }
            #expect(path == directory + "/t10k-images-idx3-ubyte.gz")
            #expect(expected == FashionMNIST.files(.test).images.sha256)
        }
    }

    /// The checksums in the code are the ones documented in Datasets/README.md, file by file.
    @Test func readmeListsTheCheckedSums() throws {
        let readme = try String(contentsOfFile: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/README.md").path, encoding: .utf8)
        for split in FashionMNIST.Split.allCases {
            let files = FashionMNIST.files(split)
            for file in [files.images, files.labels] {
                #expect(readme.contains("| `\(file.name)` | `\(file.sha256)` |"), "\(file.name)")
            }
        }
    }

    /// The real test split from Debian's package, checksums verified (≈4.4 MB of SHA-256 in a debug build),
    /// when the package is installed; CI installs it with `make deps`.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory)))
    func realTestSplit() throws {
        let test = try FashionMNIST.load(.test)
        #expect(test.count == 10_000 && test.height == 28 && test.width == 28)
        // Fashion-MNIST is balanced: 1000 test images per class (Xiao et al. 2017, Table 1).
        #expect((0..<10).map { label in test.labels.count { $0 == label } } == Array(repeating: 1000, count: 10))
        // The first test image is an ankle boot (the data set's README shows it; label 9).
        #expect(test.labels[0] == 9)
    }
}
