import Foundation
import Datasets

/// The options of `workbook training` (alias `workbook cnn`): the article's recipe by default.
public struct CNNTrainingOptions: StepOptions, Equatable {
    public var seed: UInt64 = 0
    public var epochs = 10
    public var batchSize = 64
    public var learningRate = 0.001
    /// Kernel workers (each calling OpenBLAS with one thread); the machine's core count by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Train on only the first images of the fit set (quick runs); nil for all of them.
    public var fitLimit: Int?
    /// Fashion-MNIST's folder (Debian's by default).
    public var dataDirectory = FashionMNIST.defaultDirectory
    /// ImageFolder trees instead of Fashion-MNIST (both or neither).
    public var trainDirectory: String?
    public var testDirectory: String?
    /// Side of the square input images of an ImageFolder tree (Resize).
    public var inputSize = 28
    /// Channels of an ImageFolder's images: 1 (gray) or 3 (RGB).
    public var channels = 1
    /// Where the trained weights go; nil: `cnn.safetensors` in the step's plots folder.
    public var weightsPath: String?
    /// Augmentations of the fit batches (none in the article's recipe).
    public var augmentation: [TrainingAugmentation] = []
    /// Threads that prepare batches; nil: 1 without augmentation, 2 with (the pipeline's default).
    public var producers: Int?

    /// Clip the global gradient norm to this (torch's clip_grad_norm_); nil: no clipping (the article's recipe).
    public var maximumGradientNorm: Double?
    /// Where the checkpoint of every epoch (and of an interruption) goes: `checkpoint.safetensors` in this folder;
    /// nil: the folder given to `resumeDirectory`, else `checkpoint/` in the step's plots folder.
    public var checkpointDirectory: String?
    /// A folder whose `checkpoint.safetensors` this run goes on from (written by a run of the same options).
    public var resumeDirectory: String?
    /// The command line that ran these options, for the resume hint of an interrupted run; nil when they came from
    /// elsewhere (`workbook all`).
    public var commandLine: [String]?

    /// The file name of the checkpoint in its folder.
    public static let checkpointFileName = "checkpoint.safetensors"

    /// The producer threads a run uses.
    public var producerCount: Int { producers ?? (augmentation.isEmpty ? 1 : 2) }

    public init() {}

    /// `workbook all --quick` and CI: 6,000 fit images, one epoch.
    public static var quick: CNNTrainingOptions {
        var options = CNNTrainingOptions()
        options.epochs = 1
        options.fitLimit = 6000
        return options
    }

    public func validate() throws {
        guard (1...1000).contains(epochs) else { throw OptionError("--epochs must be between 1 and 1000, got \(epochs)") }
        guard (1...60000).contains(batchSize) else {
            throw OptionError("--batch-size must be between 1 and 60000, got \(batchSize)")
        }
        // No upper bound: a rate too large for the model diverges, and `DivergenceGuard` stops it with one line.
        guard learningRate.isFinite, learningRate > 0 else {
            throw OptionError("--learning-rate must be a positive finite number, got \(learningRate)")
        }
        if let producers, !(0...16).contains(producers) {
            throw OptionError("--producers must be between 0 and 16, got \(producers)")
        }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
        if let fitLimit, fitLimit < 1 { throw OptionError("--fit-images must be at least 1, got \(fitLimit)") }
        guard (trainDirectory == nil) == (testDirectory == nil) else {
            throw OptionError("--train-dir and --test-dir go together: give both ImageFolder trees or neither")
        }
        guard (4...1024).contains(inputSize) else {
            throw OptionError("--input-size must be between 4 and 1024 pixels (two 2×2 poolings), got \(inputSize)")
        }
        if let maximumGradientNorm, !(maximumGradientNorm.isFinite && maximumGradientNorm > 0) {
            throw OptionError("--max-grad-norm must be a positive finite number, got \(maximumGradientNorm)")
        }
        guard channels == 1 || channels == 3 else { throw OptionError("--channels must be 1 (gray) or 3 (RGB), got \(channels)") }
    }

    /// What these options train on.
    public var dataSet: TrainingDataSet { trainDirectory == nil ? .fashionMNIST : .imageFolder }

    /// The data these options name.
    func loadData() throws -> DataSplits {
        if let trainDirectory, let testDirectory {
            return try DataSplits.imageFolders(train: trainDirectory, test: testDirectory, size: inputSize,
                                               channels: channels, seed: seed, fitLimit: fitLimit)
        }
        return try DataSplits.fashionMNIST(directory: dataDirectory, fitLimit: fitLimit)
    }
}
