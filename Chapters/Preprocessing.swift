import Foundation
import Datasets
import DeepLearning
import Plotting

/// §5.2.1 数据预处理: the article's pipeline, run on real images written as an ImageFolder tree.
///
///     transform = Compose([Resize((224, 224)), ToTensor(), Normalize(ImageNet mean, std)])
///     train_dataset = ImageFolder(root='path/to/train', transform=transform)
///     train_loader = DataLoader(train_dataset, batch_size=64, shuffle=True)
///
/// Erratum 5 (§5.3.1 claims ImageFolder "automatically performs data augmentation"): the transform has no random
/// step, so every epoch sees bit-for-bit the same tensor for each image; only the order changes.
public enum Preprocessing {
    /// The article's pipeline over an ImageFolder tree (whose loader has converted each image to RGB), as the
    /// loader's stages: decode with Resize((size, size)) and ToTensor, then `augmentation` (the article has none),
    /// then Normalize with ImageNet's statistics.
    public static func articleLoader(_ folder: ImageFolder, shuffle: Bool = true, size: Int = ArticlePipeline.size,
                                     augmentation: [any Augmentation] = [], seed: UInt64 = 0)
        -> DataLoader<ResizedImages<ImageFolder>> {
        DataLoader(ResizedImages(folder, resize: Resize(size, size)), batchSize: 64, shuffle: shuffle,
                   augmentation: augmentation, normalization: .imageNet, seed: seed)
    }

    /// Real augmentation for the resized images: a random crop (padding 2) and a random horizontal flip.
    public static func augmentation(size: Int = ArticlePipeline.size) -> [any Augmentation] {
        [RandomCrop(size, size, padding: 2), RandomHorizontalFlip()]
    }

    /// Runs epochs 0 and 1 of `loader` and counts the samples whose tensors are bitwise identical in both.
    public static func epochsAgree<D: ImageDataset>(_ loader: DataLoader<D>) throws -> (identical: Int, total: Int) {
        var first: [Int: ArraySlice<Float>] = [:]
        var identical = 0
        for epoch in 0..<2 {
            let batches = loader.batches(epoch: epoch)
            while let batch = try batches.next() {
                let size = batch.images.count / batch.count
                for (slot, index) in batch.indices.enumerated() {
                    let sample = batch.images.scalars[slot * size ..< (slot + 1) * size]
                    if epoch == 0 { first[index] = sample } else if first[index] == sample { identical += 1 }
                }
            }
        }
        return (identical, loader.dataset.count)
    }

    /// Writes the first `perClass` images of each class of `images` under `root/<split>/<class>/`.
    static func exportSample(_ images: LabeledImages, split: String, perClass: Int, to root: String) throws {
        let chosen = images.classNames.indices.flatMap { label in
            images.labels.indices.lazy.filter { images.labels[$0] == label }.prefix(perClass)
        }
        try exportImageFolder([(split, images.subset(chosen.sorted()))], to: root)
    }

    /// Erratum 5 on a tiny synthetic tree (8 random 6×6 gray images, 2 classes), resized to 12 px.
    static func erratumFiveExperiment() throws -> (plain: (identical: Int, total: Int), augmented: (identical: Int, total: Int)) {
        var random = RandomGenerator(seed: 5)
        let images = LabeledImages(width: 6, height: 6, channels: 1, pixels: (0..<8 * 36).map { _ in UInt8(random.nextInt(below: 256)) },
                                   labels: [0, 1, 0, 1, 0, 1, 0, 1], classNames: ["a", "b"])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-erratum5-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try exportImageFolder([("train", images)], to: root)
        let folder = try ImageFolder(root: root + "/train")
        let plain = try epochsAgree(articleLoader(folder, size: 12, seed: 1))
        let augmented = try epochsAgree(articleLoader(folder, size: 12, augmentation: augmentation(size: 12), seed: 1))
        return (plain, augmented)
    }
}

/// `workbook preprocessing`: §5.2.1 narrated.
public enum PreprocessingStep: DataStep {
    public static let command = "preprocessing"
    public static let seedHelp = "Seed of the loader's shuffle."
    public static let section = ArticleSection.projectPreprocessing
    public static let abstract = "§5.2.1: Resize 224, ToTensor, Normalize(ImageNet) on real images via ImageFolder and DataLoader(64, shuffle); erratum 5 (no augmentation)."
    public static let discussion = """
        Writes 20 Fashion-MNIST images per class (and 10 per class of the test set) as an ImageFolder tree of \
        PNG files, reads it back as torchvision does (classes sorted by folder name, images converted to RGB), \
        and runs the article's transform: Resize((224, 224)), ToTensor, Normalize with ImageNet's mean and std, \
        printing one image's shape and statistics at every stage, then DataLoader(batch 64, shuffle) batches and \
        their per-channel statistics. Erratum 5: two epochs give bitwise-identical tensors for every image (the \
        transform has no random step); with RandomCrop and RandomHorizontalFlip added they differ. Chart \
        (Plots/5.2.1-preprocessing/): one image before and after the resize.
        """

    public static let errataChecks = [
        ErratumCheck(erratum: 5) {
            guard let result = try? Preprocessing.erratumFiveExperiment() else {
                return ErratumEvidence(articleValue: "?", correctValue: "the experiment could not write its temporary tree",
                                       confirmed: false, explanation: "")
            }
            return ErratumEvidence(
                articleValue: "ImageFolder with Resize/ToTensor/Normalize \"automatically performs data augmentation\"",
                correctValue: "epochs 0 and 1 give bitwise-identical tensors for \(result.plain.identical)/\(result.plain.total) images; "
                    + "with RandomCrop + RandomHorizontalFlip for \(result.augmented.identical)/\(result.augmented.total)",
                confirmed: result.plain.identical == result.plain.total && result.augmented.identical < result.augmented.total,
                explanation: "ImageFolder only reads files; augmentation happens only if the transform has random steps, and the article's has none")
        },
    ]

    public static func run(_ options: DataStepOptions, in context: RunContext) throws {
        let (dataDirectory, seed) = (options.dataDirectory, options.seed)
        context.seed(seed)
        let train = try FashionMNIST.load(.train, directory: dataDirectory)
        let test = try FashionMNIST.load(.test, directory: dataDirectory)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-imagefolder-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Preprocessing.exportSample(train, split: "train", perClass: 20, to: root)
        try Preprocessing.exportSample(test, split: "test", perClass: 10, to: root)

        context.heading("ImageFolder(root='path/to/train'): a tree of real PNG images")
        context.say("written: 20 training and 10 test images per class as <tmp>/train/<class>/<index>.png and <tmp>/test/… (`workbook export-imagefolder` writes all 70,000)")
        let trainFolder = try ImageFolder(root: root + "/train"), testFolder = try ImageFolder(root: root + "/test")
        context.say("class_to_idx (folder names sorted, as torchvision): " + trainFolder.classNames.enumerated().map { "'\($1)': \($0)" }.joined(separator: ", "))
        context.say("note: ImageFolder numbers classes alphabetically, not in Fashion-MNIST's label order ('Ankle boot' is 0 here, 9 in the IDX files)")
        context.say("train: \(trainFolder.count) images, test: \(testFolder.count); each decoded by libpng and converted to RGB (3 channels), as PIL's convert('RGB')")

        context.heading("The transform, one image at every stage")
        let pixels = try trainFolder.image(at: 0)
        let tensor = ToTensor()(pixels)
        let resized = Compose([Resize(224, 224)])(tensor)
        let normalized = Compose([Normalize.imageNet])(resized)
        context.say("\(trainFolder.paths[0].replacingOccurrences(of: root, with: "<tmp>")): \(pixels.height)×\(pixels.width)×\(pixels.channels) bytes (HWC)")
        for (stage, value) in [("ToTensor (byte/255, CHW)", tensor), ("Resize((224, 224)), bilinear antialiased", resized),
                               ("Normalize(ImageNet mean, std)", normalized)] {
            context.say("  \(stage.padding(toLength: 42, withPad: " ", startingAt: 0)) \(value.shape.shapeDescription)  " + channelSummary(value))
        }
        // Normalize maps each channel affinely, so in a gray palette it looks like the resized image: not drawn.
        try context.draw(Chart(name: "pipeline", title: context.chartTitle("一张图像：ToTensor 后与 Resize((224, 224)) 后（R 通道）"),
                               content: .images(ImageGrid(images: [
                                   gridImage(tensor, caption: "ToTensor 28×28"), gridImage(resized, caption: "Resize 224×224 (bilinear, antialiased)"),
                               ], columns: 2)), width: 960, height: 520))

        context.heading("DataLoader(train_dataset, batch_size=64, shuffle=True), seed \(seed)")
        let trainLoader = Preprocessing.articleLoader(trainFolder, seed: seed)
        let batches = trainLoader.batches(epoch: 0)
        var number = 0
        while let batch = try batches.next() {
            number += 1
            context.say("batch \(number): images \(batch.images.shape.shapeDescription), labels " + batch.labels.prefix(12).map(String.init).joined(separator: " ")
                        + (batch.count > 12 ? " …" : "") + (number == 1 ? "  " + channelSummary(batch.images) : ""))
        }
        context.say("\(trainLoader.batchesPerEpoch) batches per epoch: ⌈\(trainFolder.count)/64⌉, the last one short (drop_last=False)")
        let testLoader = Preprocessing.articleLoader(testFolder, shuffle: false)
        context.say("test_loader (shuffle=False): the first batch holds images " + testLoader.order(epoch: 0).prefix(8).map(String.init).joined(separator: ", ") + ", … in folder order")
        context.say("ImageNet's statistics do not centre these gray garments: channel means ≈ −0.87, −0.76, −0.53 and stds ≈ 1.5 (see `workbook data-audit`).")

        context.heading("Erratum 5: does ImageFolder augment? Two epochs, the same image")
        let plain = try Preprocessing.epochsAgree(trainLoader)
        context.say("the article's transform: \(plain.identical) of \(plain.total) images bitwise identical in epochs 0 and 1 (only the order changed)")
        let augmented = try Preprocessing.epochsAgree(Preprocessing.articleLoader(trainFolder,
            augmentation: Preprocessing.augmentation(), seed: seed))
        context.say("with RandomCrop(224, padding 2) and RandomHorizontalFlip after the resize: \(augmented.identical) of \(augmented.total) identical")
        context.say("Augmentation is a random step in the transform (§5.3.3 names crop, rotate, flip); ImageFolder itself only reads files.")
        context.result("identical across epochs (article transform)", .integer(plain.identical))
        context.result("identical across epochs (augmented)", .integer(augmented.identical))
    }

    /// "R mean −0.87 std 1.54 [−2.12, 2.25] | G …": per-channel statistics of a [C, H, W] or [N, C, H, W] tensor.
    static func channelSummary(_ tensor: Tensor<Float>) -> String {
        let channels = tensor.shape[tensor.rank - 3], plane = tensor.shape[tensor.rank - 2] * tensor.shape[tensor.rank - 1]
        let names = channels == 3 ? ["R", "G", "B"] : (0..<channels).map { "c\($0)" }
        return (0..<channels).map { c in
            var values: [Double] = []
            for start in stride(from: c * plane, to: tensor.count, by: channels * plane) {
                values += tensor.scalars[start ..< start + plane].map(Double.init)
            }
            let mean = values.reduce(0, +) / Double(values.count)
            let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            return "\(names[c]) mean \(format(mean, digits: 3)) std \(format(std, digits: 3)) [\(format(values.min()!, digits: 3)), \(format(values.max()!, digits: 3))]"
        }.joined(separator: " | ")
    }

    private static func gridImage(_ tensor: Tensor<Float>, caption: String) -> ImageGrid.Image {
        let (height, width) = (tensor.shape[1], tensor.shape[2])
        return ImageGrid.Image(width: width, height: height, pixels: tensor.scalars[0 ..< height * width].map(Double.init), caption: caption)
    }
}
