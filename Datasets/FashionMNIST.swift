import Foundation

/// Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 70,000 grayscale 28×28 images of clothing in 10 classes,
/// 60,000 for training and 10,000 for testing, from Debian's package `dataset-fashion-mnist` (gzipped IDX files).
///
///     let train = try FashionMNIST.load(.train)          // LabeledImages, 60000 × 28×28×1
///     let x = train.tensor(0..<64)                       // [64, 1, 28, 28] in [0, 1]
///     let name = train.classNames[train.labels[0]]       // "Ankle boot"
public enum FashionMNIST {
    /// Where Debian installs the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    /// The Debian package that provides them.
    public static let debianPackage = "dataset-fashion-mnist"

    /// The class names in label order, as the data set's authors list them.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    public enum Split: String, CaseIterable, Sendable {
        case train, test
    }

    /// One file of the data set and the SHA-256 of the file as shipped (the .gz bytes, not the inflated IDX).
    public struct File: Equatable, Sendable {
        public let name: String
        public let sha256: String
    }

    /// The image file and the label file of a split. The checksums are the ones listed in Datasets/README.md
    /// (a test checks that the two agree).
    public static func files(_ split: Split) -> (images: File, labels: File) {
        switch split {
        case .train:
            (File(name: "train-images-idx3-ubyte.gz",
                  sha256: "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
             File(name: "train-labels-idx1-ubyte.gz",
                  sha256: "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"))
        case .test:
            (File(name: "t10k-images-idx3-ubyte.gz",
                  sha256: "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
             File(name: "t10k-labels-idx1-ubyte.gz",
                  sha256: "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"))
        }
    }

    /// Loads one split into memory.
    ///
    /// - Parameters:
    ///   - directory: where the four .gz files are; Debian's location by default.
    ///   - verifyChecksums: compare the SHA-256 of each .gz file with the recorded one before inflating it.
    /// - Throws: `DatasetError.missingFile` naming the Debian package; `.checksumMismatch`; `.corruptFile` for bad
    ///   gzip, a bad IDX header, truncation, an image count that differs from the label count, a label ≥ 10.
    public static func load(_ split: Split, directory: String = defaultDirectory,
                            verifyChecksums: Bool = true) throws(DatasetError) -> LabeledImages {
        let (imageFile, labelFile) = files(split)
        let imagesPath = directory + "/" + imageFile.name, labelsPath = directory + "/" + labelFile.name
        let images = try readIDX(imagesPath, rank: 3, sha256: verifyChecksums ? imageFile.sha256 : nil)
        let labels = try readIDX(labelsPath, rank: 1, sha256: verifyChecksums ? labelFile.sha256 : nil)
        guard images.shape[0] == labels.shape[0] else {
            throw .corruptFile(path: labelsPath, reason: "\(labels.shape[0]) labels for \(images.shape[0]) images "
                                   + "in \(imageFile.name)")
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classNames.count }) {
            throw .corruptFile(path: labelsPath, reason: "label \(labels.bytes[bad]) of image \(bad) is not one of "
                                   + "the \(classNames.count) classes")
        }
        return LabeledImages(width: images.shape[2], height: images.shape[1], channels: 1, pixels: images.bytes,
                             labels: labels.bytes.map(Int.init), classNames: classNames)
    }

    /// Loads both splits and writes them as an ImageFolder tree, `root/train/<class>/NNNNN.png` and
    /// `root/test/<class>/NNNNN.png` (70,000 PNG files), for `workbook export-imagefolder` and `make datasets`.
    /// Class folders are the filesystem-safe class names ("T-shirt_top", see `imageFolderName(forClass:)`).
    ///
    /// - Parameter progress: called after each image with (images written, total), total = 70000.
    public static func exportImageFolder(to root: String, directory: String = defaultDirectory,
                                         verifyChecksums: Bool = true,
                                         progress: (_ written: Int, _ total: Int) -> Void = { _, _ in })
        throws(DatasetError) {
        let train = try load(.train, directory: directory, verifyChecksums: verifyChecksums)
        let test = try load(.test, directory: directory, verifyChecksums: verifyChecksums)
        try Datasets.exportImageFolder([("train", train), ("test", test)], to: root, progress: progress)
    }

    /// Reads, optionally checks, inflates and parses one gzipped IDX file.
    private static func readIDX(_ path: String, rank: Int, sha256: String?) throws(DatasetError) -> IDXArray {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .missingFile(path: path, remedy: "install Fashion-MNIST with `apt-get install \(debianPackage)` "
                                   + "(or `make deps`)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .corruptFile(path: path, reason: "cannot be read (permissions?)")
        }
        let compressed = [UInt8](data)
        // Hashing and inflating take about as long as each other: do them on two threads.
        let (digest, inflation) = concurrently({ sha256.map { _ in SHA256.hex(of: compressed) } },
                                               { Result { () throws(GzipError) in try Gzip.decompress(compressed) } })
        if let expected = sha256, let actual = digest, actual != expected {
            throw .checksumMismatch(path: path, expected: expected, actual: actual)
        }
        let inflated: [UInt8]
        do { inflated = try inflation.get() } catch {
            throw .corruptFile(path: path, reason: error.description)
        }
        return try IDXArray(parsing: inflated, rank: rank, path: path)
    }
}
