import DeepLearning

/// The three sets §3.5 asks for: `fit` (what the optimizer sees), `validation` (held out from the training set,
/// for choices made during training) and `test` (looked at to report, never to choose).
///
/// Fashion-MNIST's 60,000 training images split into the first 55,000 (fit) and the last 5,000 (validation), as
/// Sources/bench/pytorch_train_reference.py does; its 10,000 test images are the test set. An ImageFolder tree
/// (`--train-dir`, `--test-dir`) is decoded, converted and resized once into memory, as PIL would hand the
/// images to `ToTensor` (bytes), and a seeded random twelfth of its training images is held out.
public struct DataSplits: Sendable {
    public var fit: LabeledImages
    public var validation: LabeledImages
    public var test: LabeledImages
    /// How the data was read, one line each (class → index, counts, skipped files, the split).
    public var description: [String]

    public var classNames: [String] { fit.classNames }

    /// Fashion-MNIST's validation set: the last 5,000 training images.
    public static let fashionMNISTValidationCount = 5000

    /// Fashion-MNIST from Debian's files. `fitLimit` keeps only the first images of the fit set (quick runs).
    public static func fashionMNIST(directory: String = FashionMNIST.defaultDirectory,
                                    fitLimit: Int? = nil) throws(DatasetError) -> DataSplits {
        let train = try FashionMNIST.load(.train, directory: directory)
        let test = try FashionMNIST.load(.test, directory: directory)
        let fitCount = train.count - fashionMNISTValidationCount
        let kept = min(fitLimit ?? fitCount, fitCount)
        return DataSplits(
            fit: train.subset(0..<kept), validation: train.subset(fitCount..<train.count), test: test,
            description: [
                "Fashion-MNIST (\(directory)): \(train.count) training and \(test.count) test images, "
                    + "\(train.height)×\(train.width) gray, \(train.classNames.count) classes",
                "fit: training images 0..<\(kept)" + (kept < fitCount ? " (quick: \(kept) of \(fitCount))" : "")
                    + ", validation: the last \(fashionMNISTValidationCount) (\(fitCount)..<\(train.count)), test: \(test.count)",
            ])
    }

    /// Two ImageFolder trees, every image converted to `channels` channels and resized to `size`×`size`.
    /// A seeded random twelfth of the training images (at least one) becomes the validation set.
    public static func imageFolders(train trainRoot: String, test testRoot: String, size: Int, channels: Int,
                                    seed: UInt64, fitLimit: Int? = nil) throws(DatasetError) -> DataSplits {
        let trainFolder = try ImageFolder(root: trainRoot, channels: channels)
        let testFolder = try ImageFolder(root: testRoot, channels: channels)
        guard testFolder.classNames == trainFolder.classNames else {
            throw .mismatchedClasses(train: trainFolder.classNames, test: testFolder.classNames)
        }
        let train = try inMemory(trainFolder, size: size)
        let test = try inMemory(testFolder, size: size)
        var random = RandomGenerator(seed: seed, stream: 7)
        var order = Array(0..<train.count)
        random.shuffle(&order)
        let held = max(1, train.count / 12)
        let validationIndices = order.prefix(held).sorted()
        // A fit limit keeps a random part (the tree is sorted by class: a prefix would hold one class only).
        let fitIndices = order.dropFirst(held).prefix(fitLimit ?? train.count).sorted()
        var lines = ["classes → indices (sorted folder names, as torchvision): "
                     + trainFolder.classNames.enumerated().map { "\($1) → \($0)" }.joined(separator: ", ")]
        for (name, folder) in [("train", trainFolder), ("test", testFolder)] {
            let counts = trainFolder.classNames.indices.map { label in folder.labels.filter { $0 == label }.count }
            lines.append("\(name) (\(folder.root)): \(folder.count) PNG images, per class "
                         + counts.map(String.init).joined(separator: " ")
                         + (folder.skippedFiles.isEmpty ? "" : "; skipped \(folder.skippedFiles.count) non-image files: "
                            + folder.skippedFiles.prefix(3).joined(separator: ", ")
                            + (folder.skippedFiles.count > 3 ? ", …" : "")))
        }
        lines.append("every image → \(channels == 1 ? "gray" : "RGB"), resized to \(size)×\(size) (bilinear, antialiased), "
                     + "kept as bytes as PIL would hand it to ToTensor")
        lines.append("fit: \(fitIndices.count) images" + (fitIndices.count < train.count - held ? " (a seeded random part, --fit-images)" : "")
                     + ", validation: \(validationIndices.count) (a seeded random twelfth), test: \(test.count)")
        return DataSplits(fit: train.subset(fitIndices), validation: train.subset(validationIndices), test: test,
                          description: lines)
    }

    /// Decodes every image of `folder`, resized to `size`×`size` and rounded back to bytes (HWC), into memory:
    /// `ResizedImages`' images, as PIL's `Resize` hands them to `ToTensor`.
    public static func inMemory(_ folder: ImageFolder, size: Int) throws(DatasetError) -> LabeledImages {
        let resized = ResizedImages(folder, resize: Resize(size, size))
        var pixels: [UInt8] = []
        pixels.reserveCapacity(folder.count * size * size * folder.channels)
        for index in 0..<folder.count { pixels += try resized.image(at: index).pixels }
        return LabeledImages(width: size, height: size, channels: folder.channels, pixels: pixels,
                             labels: folder.labels, classNames: folder.classNames)
    }
}
