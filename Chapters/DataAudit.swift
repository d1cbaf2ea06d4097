import Foundation
import Datasets
import DeepLearning
import Plotting

/// §3.2 数据预处理: "数据清洗 … 数据标注 … 数据整合": cleaning, labelling and integration, audited on the real data
/// set. Exact duplicates (byte-identical images) inside a split inflate it; the same image in train and test
/// leaks test answers into training; duplicates with different labels are labelling noise. Then the class
/// balance and the per-channel mean and std that `Normalize` should use, against the ImageNet numbers the
/// article's §5.2.1 uses. The computations are Datasets' (`DuplicateFinder`, `classCounts`, `ChannelStatistics`),
/// pinned by its tests; this step narrates them.
/// `workbook data-audit`: §3.2 narrated.
public enum DataAuditStep: DataStep {
    public static let command = "data-audit"
    public static let seedHelp = "Seed of the augmentation previews."
    public static let section = ArticleSection.dataPreprocessing
    public static let abstract = "§3.2: Fashion-MNIST audited: exact duplicates within and across train/test, conflicting labels, class balance, channel mean/std."
    public static let discussion = """
        Finds byte-identical images inside the training set, inside the test set and across the two (test images \
        the model may have seen in training), and among them the duplicates whose labels disagree; counts the \
        images per class in train, fit, validation (the last 5,000) and test; computes the per-channel mean and \
        std and shows why the ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225) of §5.2.1 do not \
        fit these images. Charts (Plots/3.2-data-audit/): images per class; a grid of samples of every class; \
        previews of random crop, flip and rotation (--seed); the first cross-split duplicates, if any.
        """

    public static func run(_ options: DataStepOptions, in context: RunContext) throws {
        let dataDirectory = options.dataDirectory
        let train = try FashionMNIST.load(.train, directory: dataDirectory)
        let test = try FashionMNIST.load(.test, directory: dataDirectory)
        let names = train.classNames
        context.heading("The data: Fashion-MNIST from \(dataDirectory) (Debian's \(FashionMNIST.debianPackage), SHA-256 checked)")
        context.say("train \(train.count), test \(test.count) images of \(train.height)×\(train.width), \(train.channels) channel, \(names.count) classes")

        context.heading("Cleaning: exact duplicates (byte-identical images)")
        let groups = try DuplicateFinder.groups(in: [("train", train), ("test", test)])
        let summary = DuplicateSummary(groups)
        context.say(table(["where", "groups of identical images", "redundant copies"], [
            ["within train", "\(summary.groupsWithinTrain)", "\(summary.redundantTrainImages)"],
            ["within test", "\(summary.groupsWithinTest)", "\(summary.redundantTestImages)"],
            ["across train and test", "\(summary.groupsAcrossSplits)", "\(summary.testImagesAlsoInTrain) test images also in train"],
        ]))
        context.say("groups whose identical images carry different labels: \(summary.groupsWithConflictingLabels)")
        for group in groups.prefix(8) {
            context.say("  " + group.members.map { "\($0.split) #\($0.index) (\(names[$0.label]))" }.joined(separator: " = ")
                        + (group.hasConflictingLabels ? "  ← conflicting labels" : ""))
        }
        if groups.isEmpty {
            context.say("None: every one of the \(train.count + test.count) images is distinct (Fashion-MNIST's authors removed exact duplicates;")
            context.say("Python's set(map(bytes, images)) agrees). Near-duplicates (a shifted or re-encoded copy) need a similarity search, not equality.")
        }
        context.say("A test image that also sits in the training set is answered from memory: \(summary.testImagesAlsoInTrain) of \(test.count) "
                    + "test images (\(percent(Double(summary.testImagesAlsoInTrain) / Double(test.count)))) can inflate test accuracy at most by that much.")
        for (name, value) in [("duplicate groups within train", summary.groupsWithinTrain), ("duplicate groups within test", summary.groupsWithinTest),
                              ("test images also in train", summary.testImagesAlsoInTrain),
                              ("groups with conflicting labels", summary.groupsWithConflictingLabels)] {
            context.result(name, .integer(value))
        }
        let cross = groups.filter { $0.count(in: "train") > 0 && $0.count(in: "test") > 0 }
        if !cross.isEmpty { try drawCrossDuplicates(cross, train: train, test: test, in: context) }

        context.heading("Labelling: images per class")
        let fitCount = train.count - DataSplits.fashionMNISTValidationCount
        let splits = [("train", train), ("fit (first \(fitCount))", train.subset(0..<fitCount)),
                      ("validation (last \(DataSplits.fashionMNISTValidationCount))", train.subset(fitCount..<train.count)), ("test", test)]
        let counts = splits.map { classCounts($0.1) }
        context.say(table(["class"] + splits.map(\.0), names.indices.map { k in ["\(k) \(names[k])"] + counts.map { "\($0[k])" } }))
        for (split, perClass) in zip(splits, counts) {
            context.say("\(split.0): smallest class \(perClass.min()!), largest \(perClass.max()!)")
        }
        try context.draw(Chart(
            name: "class-counts", title: context.chartTitle("每个类别的图像数"),
            content: .series(zip(splits, counts).map { split, perClass in
                Series(split.0, x: names.indices.map(Double.init), y: perClass.map(Double.init), style: .linesPoints)
            }),
            xAxis: Axis("class (0 T-shirt/top … 9 Ankle boot)", range: -0.5...9.5), yAxis: Axis("images", range: 0...7000),
            legendPosition: "outside"))
        try drawSamples(train, in: context)
        try drawAugmentations(train, seed: options.seed, in: context)

        context.heading("Integration: per-channel mean and std for Normalize")
        let statistics = try ChannelStatistics(of: train.subset(0..<fitCount))
        let (mean, std) = (statistics.mean[0], statistics.std[0])
        context.say("fit set, one gray channel on ToTensor's scale (byte/255): mean \(format(mean, digits: 6)), std \(format(std, digits: 6))")
        context.say("the article's Normalize uses ImageNet's RGB statistics, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225):")
        let imageNet = (mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
        context.say(table(["channel (gray replicated)", "mean after Normalize", "std after Normalize"], (0..<3).map { c in
            ["RGB"[String.Index(utf16Offset: c, in: "RGB")].description,
             format((mean - imageNet.mean[c]) / imageNet.std[c], digits: 4), format(std / imageNet.std[c], digits: 4)]
        }))
        context.say("so the inputs are not centred (mean ≈ −0.9) nor unit-scaled (std ≈ 1.55): ImageNet's photographs are brighter and")
        context.say("less contrasted than these dark-background garments, and they have three different channels where this data has one.")
        context.say("With the data's own numbers, (x − \(format(mean, digits: 4)))/\(format(std, digits: 4)) has mean 0 and std 1 on the fit set: what `workbook training` uses.")
        context.result("fit mean", .number(mean))
        context.result("fit std", .number(std))
    }

    /// Six samples of every class, one row per class.
    private static func drawSamples(_ images: LabeledImages, in context: RunContext) throws {
        let perClass = 6
        var grid: [ImageGrid.Image] = []
        for label in images.classNames.indices {
            let indices = images.labels.indices.filter { images.labels[$0] == label }.prefix(perClass)
            for (column, index) in indices.enumerated() {
                grid.append(image(images, index, caption: column == 0 ? "\(label) \(images.classNames[label])" : "#\(index)"))
            }
        }
        try context.draw(Chart(name: "samples", title: context.chartTitle("每个类别的前 6 张训练图像"),
                               content: .images(ImageGrid(images: grid, columns: perClass)), width: 720, height: 1200))
    }

    /// §3.2's "数据增强" (random crop, rotation, flip) on one training image: five draws of each, from seeded generators.
    /// Augmentation is not applied anywhere in the article's code (erratum 5); this shows what it would add.
    private static func drawAugmentations(_ images: LabeledImages, seed: UInt64, in context: RunContext) throws {
        let original = ToTensor()(images.image(at: 0))
        let augmentations: [(String, any ImageTransform)] = [
            ("RandomCrop(28, padding 4)", RandomCrop(28, 28, padding: 4)), ("RandomHorizontalFlip", RandomHorizontalFlip()),
            ("RandomRotation(15°)", RandomRotation(degrees: 15)),
        ]
        var grid: [ImageGrid.Image] = []
        for (row, (name, transform)) in augmentations.enumerated() {
            grid.append(image(original, caption: row == 0 ? "original #0" : ""))
            for draw in 0..<5 {
                var random = RandomGenerator(seed: seed, stream: UInt64(row * 5 + draw))
                grid.append(image(transform.apply(original, random: &random), caption: draw == 0 ? name : ""))
            }
        }
        context.say("augmentation previews (Plots/3.2-data-audit/augmentations.png): RandomCrop, RandomHorizontalFlip and RandomRotation, five draws each")
        try context.draw(Chart(name: "augmentations", title: context.chartTitle("数据增强预览：随机裁剪、水平翻转、旋转（每行 5 次抽样）"),
                               content: .images(ImageGrid(images: grid, columns: 6)), width: 900, height: 560))
    }

    private static func image(_ tensor: Tensor<Float>, caption: String) -> ImageGrid.Image {
        ImageGrid.Image(width: tensor.shape[2], height: tensor.shape[1],
                        pixels: tensor.scalars[0 ..< tensor.shape[1] * tensor.shape[2]].map(Double.init), caption: caption)
    }

    /// The first cross-split duplicates: the test image beside its copy in the training set.
    private static func drawCrossDuplicates(_ groups: [DuplicateGroup], train: LabeledImages, test: LabeledImages,
                                            in context: RunContext) throws {
        let images = groups.prefix(6).flatMap { group -> [ImageGrid.Image] in
            let inTest = group.members.first { $0.split == "test" }!, inTrain = group.members.first { $0.split == "train" }!
            return [image(test, inTest.index, caption: "test #\(inTest.index) \(test.classNames[inTest.label])"),
                    image(train, inTrain.index, caption: "train #\(inTrain.index) \(train.classNames[inTrain.label])")]
        }
        try context.draw(Chart(name: "cross-duplicates", title: context.chartTitle("测试集中与训练集完全相同的图像"),
                               content: .images(ImageGrid(images: images, columns: 4)), width: 800, height: 640))
    }

    private static func image(_ images: LabeledImages, _ index: Int, caption: String) -> ImageGrid.Image {
        ImageGrid.Image(width: images.width, height: images.height,
                        pixels: images.imageBytes(at: index).map { Double($0) / 255 }, caption: caption)
    }
}
