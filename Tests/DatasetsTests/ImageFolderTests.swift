import Foundation
import Testing
@testable import Datasets

@Suite struct ImageFolderTests {
    /// A w×h gray image whose every pixel is `value`.
    static func flat(_ value: UInt8, width: Int = 2, height: Int = 2) -> PixelImage {
        PixelImage(width: width, height: height, channels: 1, pixels: Array(repeating: value, count: width * height))
    }

    static func makeFolders(_ paths: [String], in root: String) throws {
        for path in paths {
            try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
        }
    }

    @Test func folderNamesAreFilesystemSafe() {
        #expect(imageFolderName(forClass: "T-shirt/top") == "T-shirt_top")
        #expect(imageFolderName(forClass: "Ankle boot") == "Ankle boot")
        #expect(imageFolderName(forClass: "a\\b\u{7}") == "a_b_")
        #expect(imageFolderName(forClass: "..") == "_..")
    }

    /// Classes sorted by code point ("B" < "a" < "é"), samples by folder path then file name, sub-folders
    /// included; a README is skipped and reported.
    @Test func ordersLikeTorchvision() throws {
        try withTemporaryDirectory { root in
            try Self.makeFolders(["a/sub", "B", "é"], in: root)
            try PNG.write(Self.flat(1), toFile: root + "/a/z.png")
            try PNG.write(Self.flat(2), toFile: root + "/a/sub/y.PNG")
            try PNG.write(Self.flat(3), toFile: root + "/a/b.png")
            try PNG.write(Self.flat(4), toFile: root + "/B/x.png")
            try PNG.write(Self.flat(5), toFile: root + "/é/x.png")
            try write(Array("not an image".utf8), to: root + "/a/README")
            let folder = try ImageFolder(root: root, channels: 1)
            #expect(folder.classNames == ["B", "a", "é"])
            #expect(folder.classToIndex == ["B": 0, "a": 1, "é": 2])
            #expect(folder.paths.map { String($0.dropFirst(root.count)) }
                    == ["/B/x.png", "/a/b.png", "/a/z.png", "/a/sub/y.PNG", "/é/x.png"])
            #expect(folder.labels == [0, 1, 1, 1, 2])
            #expect(try (0..<5).map { try folder.image(at: $0).pixels[0] } == [4, 3, 1, 2, 5])
            #expect(folder.skippedFiles == [root + "/a/README"])
        }
    }

    /// Gray PNGs read through the default 3-channel loader (torchvision's `convert("RGB")`) are replicated.
    @Test func defaultLoaderGivesRGB() throws {
        try withTemporaryDirectory { root in
            try Self.makeFolders(["only"], in: root)
            try PNG.write(Self.flat(7), toFile: root + "/only/a.png")
            let image = try ImageFolder(root: root).image(at: 0)
            #expect(image.channels == 3 && image.pixels == Array(repeating: 7, count: 12))
        }
    }

    @Test func otherImageFormatsAreAnError() throws {
        try withTemporaryDirectory { root in
            try Self.makeFolders(["cat"], in: root)
            try PNG.write(Self.flat(1), toFile: root + "/cat/a.png")
            try write([0xff, 0xd8, 0xff], to: root + "/cat/b.JPG")
            let error = #expect(throws: DatasetError.self) { try ImageFolder(root: root) }
            #expect(error?.description == root + "/cat/b.JPG: only PNG images can be read (libpng); convert this "
                        + ".jpg file to PNG or move it out of the tree")
        }
    }

    /// A corrupt PNG is listed (it has the extension) and fails when loaded, naming the file.
    @Test func corruptImageFailsOnLoad() throws {
        try withTemporaryDirectory { root in
            try Self.makeFolders(["cat"], in: root)
            try write(Array("not a png".utf8), to: root + "/cat/broken.png")
            let folder = try ImageFolder(root: root)
            #expect(folder.count == 1)
            let error = #expect(throws: DatasetError.self) { try folder.image(at: 0) }
            #expect(error?.corruption?.path == root + "/cat/broken.png")
        }
    }

    @Test func layoutErrors() throws {
        try withTemporaryDirectory { root in
            #expect(throws: DatasetError.missingFile(path: root + "/nowhere", remedy: "ImageFolder needs a folder "
                        + "with one sub-folder per class (export one with `workbook export-imagefolder` or "
                        + "`make datasets`)")) { try ImageFolder(root: root + "/nowhere") }
            #expect(throws: DatasetError.badLayout(path: root, reason: "no class folders in it")) {
                try ImageFolder(root: root)
            }
            try Self.makeFolders(["full", "empty"], in: root)
            try PNG.write(Self.flat(1), toFile: root + "/full/a.png")
            try write([1, 2, 3], to: root + "/empty/notes.txt")
            #expect(throws: DatasetError.badLayout(path: root + "/empty", reason: "class folder has no .png image")) {
                try ImageFolder(root: root)
            }
        }
    }

    /// Exports a synthetic two-split set and reads it back: every image and every class name survives, file
    /// names follow the index, and progress counts every image once.
    @Test func exportRoundTrip() throws {
        let names = ["T-shirt/top", "Bag"]
        let train = LabeledImages(width: 3, height: 2, channels: 1, pixels: (0..<(12 * 6)).map { UInt8($0) },
                                  labels: [0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0], classNames: names)
        let test = train.subset([3, 1])
        try withTemporaryDirectory { root in
            var calls: [Int] = []
            try exportImageFolder([("train", train), ("test", test)], to: root) { written, total in
                #expect(total == 14)
                calls.append(written)
            }
            #expect(calls == Array(1...14))
            #expect(FileManager.default.fileExists(atPath: root + "/train/T-shirt_top/03.png"))
            #expect(FileManager.default.fileExists(atPath: root + "/test/Bag/1.png"))
            let folder = try ImageFolder(root: root + "/train", channels: 1)
            #expect(folder.classNames == ["Bag", "T-shirt_top"])
            // Expected order: class "Bag" (label 1 in `train`) by index, then "T-shirt_top" (label 0).
            let expected = (0..<12).filter { train.labels[$0] == 1 } + (0..<12).filter { train.labels[$0] == 0 }
            #expect(try (0..<folder.count).map { try folder.image(at: $0) } == expected.map { train.image(at: $0) })
        }
    }

    /// The first 200 real test images, exported and read back, give exactly the tensors of the IDX loader.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory)))
    func exportedFashionMNISTMatchesIDX() throws {
        let idx = try FashionMNIST.load(.test, verifyChecksums: false).subset(0..<200)
        try withTemporaryDirectory { root in
            try exportImageFolder([("test", idx)], to: root)
            let folder = try ImageFolder(root: root + "/test", channels: 1)
            #expect(folder.count == 200)
            // ImageFolder numbers classes by sorted folder name; map each back to Fashion-MNIST's label.
            let idxLabel = folder.classNames.map { name in
                FashionMNIST.classNames.firstIndex { imageFolderName(forClass: $0) == name }!
            }
            // Within a class, files are in index order; classes come in sorted-name order.
            let order = folder.classNames.indices.flatMap { label in
                (0..<200).filter { idx.labels[$0] == idxLabel[label] }
            }
            for (sample, index) in order.enumerated() {
                #expect(idxLabel[folder.label(at: sample)] == idx.labels[index])
                #expect(ToTensor()(try folder.image(at: sample)) == idx.tensor(index..<(index + 1)).reshaped([1, 28, 28]))
            }
        }
    }
}
