import Foundation
import Testing
import Datasets
import DeepLearning
@testable import Chapters

/// The options of `workbook training` and the ImageFolder path of its data.
struct CNNDataAndOptionsTests {
    @Test func badOptionsGetOneClearLine() {
        func message(_ change: (inout CNNTrainingOptions) -> Void) -> String? {
            var options = CNNTrainingOptions()
            change(&options)
            do { try options.validate(); return nil } catch { return "\(error)" }
        }
        #expect(message { _ in } == nil)
        #expect(message { $0.epochs = 0 } == "--epochs must be between 1 and 1000, got 0")
        #expect(message { $0.batchSize = -3 } == "--batch-size must be between 1 and 60000, got -3")
        #expect(message { $0.learningRate = .nan } == "--learning-rate must be a positive finite number, got nan")
        #expect(message { $0.threads = 0 } == "--threads must be between 1 and 256, got 0")
        #expect(message { $0.trainDirectory = "x" } == "--train-dir and --test-dir go together: give both ImageFolder trees or neither")
        #expect(message { $0.channels = 2 } == "--channels must be 1 (gray) or 3 (RGB), got 2")
        #expect(message { $0.maximumGradientNorm = 0 } == "--max-grad-norm must be a positive finite number, got 0.0")
        #expect(message { $0.learningRate = 1e20 } == nil, "a huge rate is the divergence guard's to stop, not a typo")
        let quick = CNNTrainingOptions.quick
        #expect(quick.epochs == 1)
        #expect(quick.fitLimit == 6000)
    }

    @Test func missingDataSetNamesThePackage() {
        var options = CNNTrainingOptions()
        options.dataDirectory = "/nonexistent"
        #expect(throws: DatasetError.self) { try options.loadData() }
        do { _ = try options.loadData() } catch { #expect("\(error)".contains("apt-get install dataset-fashion-mnist")) }
    }

    @Test func imageFolderTreesAreReadResizedAndSplit() throws {
        // 24 gray 4×4 training images in classes "b" and "a" (folders sorted: a → 0, b → 1), 4 test images.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cnn-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let train = LabeledImages(width: 4, height: 4, channels: 1, pixels: (0..<24 * 16).map { UInt8($0 % 251) },
                                  labels: (0..<24).map { $0 % 2 }, classNames: ["b", "a"])
        // Test images are constant: 200 for class "b", 50 for class "a".
        let test = LabeledImages(width: 4, height: 4, channels: 1,
                                 pixels: [200, 50, 200, 50].flatMap { [UInt8](repeating: $0, count: 16) },
                                 labels: [0, 1, 0, 1], classNames: ["b", "a"])
        try exportImageFolder([("train", train), ("test", test)], to: root)
        let splits = try DataSplits.imageFolders(train: root + "/train", test: root + "/test", size: 8, channels: 1, seed: 3)
        #expect(splits.classNames == ["a", "b"])
        // A twelfth of 24 is held out: 2 validation images, 22 fit images; the test set is whole.
        #expect(splits.validation.count == 2 && splits.fit.count == 22 && splits.test.count == 4)
        // A fit limit keeps a random part, not the first (class-sorted) images: both classes stay.
        let limited = try DataSplits.imageFolders(train: root + "/train", test: root + "/test", size: 8, channels: 1,
                                                  seed: 3, fitLimit: 6)
        #expect(limited.fit.count == 6 && Set(limited.fit.labels).count == 2)
        let shape: [Int] = [splits.fit.channels, splits.fit.height, splits.fit.width]
        #expect(shape == [1, 8, 8])
        // Trees with other classes cannot be the training and test sets of one model: one clear line.
        try exportImageFolder([("other", LabeledImages(width: 4, height: 4, channels: 1, pixels: [UInt8](repeating: 0, count: 32),
                                                       labels: [0, 1], classNames: ["a", "c"]))], to: root)
        let error = #expect(throws: DatasetError.self) {
            try DataSplits.imageFolders(train: root + "/train", test: root + "/other", size: 8, channels: 1, seed: 3)
        }
        #expect(error?.description
                    == "--test-dir has the classes [\"a\", \"c\"], --train-dir has [\"a\", \"b\"]: both trees need the same class folders")
        // Folder "a" is now label 0 and "b" label 1, as torchvision numbers them; a constant image stays constant
        // through the bilinear resize (its weights sum to 1), so "a" images are all 50 and "b" images all 200.
        for index in 0..<splits.test.count {
            let expected: UInt8 = splits.test.labels[index] == 0 ? 50 : 200
            #expect(splits.test.imageBytes(at: index).allSatisfy { $0 == expected })
        }
    }

    /// `--augment crop,flip` names pipeline stages in order; anything else is one line listing the choices; with
    /// augmentation two producer threads prepare the batches unless `--producers` says otherwise.
    @Test func augmentationOptions() throws {
        #expect(try TrainingAugmentation.parse("crop,flip") == [.crop, .flip])
        #expect(try TrainingAugmentation.parse("rotate") == [.rotate])
        let error = #expect(throws: OptionError.self) { try TrainingAugmentation.parse("crop,blur") }
        #expect(error?.description == "unknown augmentation \"blur\"; choose from crop, crop4, flip, rotate, erase")
        var options = CNNTrainingOptions()
        #expect(options.producerCount == 1)
        options.augmentation = [.crop]
        #expect(options.producerCount == 2)
        options.producers = 0
        #expect(options.producerCount == 0)
        let normalization = InputNormalization(mean: [0.25], std: [0.5])
        let crop = try #require(TrainingAugmentation.crop.stage(height: 28, width: 28, normalization: normalization) as? RandomCrop)
        #expect(crop.height == 28 && crop.width == 28 && crop.padding == 2)
        let crop4 = try #require(TrainingAugmentation.crop4.stage(height: 28, width: 28, normalization: normalization) as? RandomCrop)
        #expect(crop4.padding == 4)
        // Erasing fills with the mean, which the normalisation then maps to exactly 0.
        let erase = try #require(TrainingAugmentation.erase.stage(height: 28, width: 28, normalization: normalization) as? RandomErasing)
        #expect(erase.values == [0.25] && erase.probability == 0.5)
    }
}
