import ArgumentParser
import Chapters

/// `workbook training` (also `workbook cnn`): §5.2.3, the article's recipe on Fashion-MNIST or your own images.
struct TrainingCommand: OptionsCommand {
    typealias Step = CNNTrainingStep
    static let configuration = CommandConfiguration(
        commandName: CNNTrainingStep.command, abstract: CNNTrainingStep.abstract,
        discussion: CNNTrainingStep.discussion, aliases: ["cnn"])

    @Option(parsing: .unconditional, help: "Seed of the initial weights and of the shuffle.")
    var seed = CNNTrainingOptions().seed
    @Option(parsing: .unconditional,
            help: "Passes over the fit set (default: \(CNNTrainingOptions().epochs); \(CNNTrainingOptions.quick.epochs) with --quick).")
    var epochs: Int?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Images per optimizer step.")
    var batchSize = CNNTrainingOptions().batchSize
    @Option(name: [.customLong("learning-rate"), .customShort("a")], parsing: .unconditional, help: "Adam's α.")
    var learningRate = CNNTrainingOptions().learningRate
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = CNNTrainingOptions().threads
    @Option(name: .customLong("fit-images"), parsing: .unconditional, help: "Train on only the first N fit images.")
    var fitImages: Int?
    @Flag(help: "A short run: 6,000 fit images and 1 epoch; --epochs and --fit-images, when given, win.")
    var quick = false
    @Option(name: .customLong("train-dir"), help: "An ImageFolder tree to train on instead of Fashion-MNIST (needs --test-dir).")
    var trainDirectory: String?
    @Option(name: .customLong("test-dir"), help: "The ImageFolder tree to test on (needs --train-dir).")
    var testDirectory: String?
    @Option(name: .customLong("input-size"), parsing: .unconditional, help: "ImageFolder images are resized to this square size.")
    var inputSize = CNNTrainingOptions().inputSize
    @Option(parsing: .unconditional, help: "ImageFolder images are converted to 1 (gray) or 3 (RGB) channels.")
    var channels = CNNTrainingOptions().channels
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Augment the fit batches: a comma-separated list of crop (RandomCrop, padding 2), crop4 (padding 4), flip "
            + "(RandomHorizontalFlip), rotate (RandomRotation ±10°) and erase (RandomErasing p 0.5 to the mean), applied "
            + "in the order given before the normalisation. None by default.",
        valueName: "list"), transform: TrainingAugmentation.parse)
    var augment: [TrainingAugmentation]?
    @Option(parsing: .unconditional, help: "Threads that prepare the batches (default: 1, or 2 with --augment; 0 prepares each batch on the training thread).")
    var producers: Int?
    @OptionGroup var data: DataSetOption
    @Option(name: .customLong("weights"), help: "Where to save the trained weights (default: <plots>/5.2.3-training/cnn.safetensors).")
    var weightsPath: String?
    @Option(name: .customLong("max-grad-norm"), parsing: .unconditional,
            help: "Clip the global gradient norm to this before each step (torch's clip_grad_norm_; none by default).")
    var maxGradNorm: Double?
    @Option(name: .customLong("checkpoint-dir"), help: ArgumentHelp(
        "Where the checkpoint of every epoch, and of a run stopped by Ctrl-C or SIGTERM, goes (checkpoint.safetensors; "
            + "default: the --resume folder, else <plots>/5.2.3-training/checkpoint).", valueName: "dir"))
    var checkpointDirectory: String?
    @Option(help: ArgumentHelp(
        "Go on from the checkpoint in this folder, at the step where the run stopped, with the options it was started "
            + "with (--epochs may be more): the final weights are bitwise those of a run that never stopped.",
        valueName: "dir"))
    var resume: String?
    @OptionGroup var output: OutputOptions

    var options: CNNTrainingOptions {
        // --quick only changes the defaults: a value given on the command line always wins (nil: not given).
        var options = quick ? CNNTrainingOptions.quick : CNNTrainingOptions()
        options.epochs = epochs ?? options.epochs
        options.fitLimit = fitImages ?? options.fitLimit
        (options.seed, options.batchSize, options.learningRate, options.threads) = (seed, batchSize, learningRate, threads)
        (options.trainDirectory, options.testDirectory) = (trainDirectory, testDirectory)
        (options.inputSize, options.channels) = (inputSize, channels)
        (options.dataDirectory, options.weightsPath) = (data.dataDirectory, weightsPath)
        options.producers = producers
        options.augmentation = augment ?? []
        (options.maximumGradientNorm, options.checkpointDirectory, options.resumeDirectory) = (maxGradNorm, checkpointDirectory, resume)
        options.commandLine = CommandLine.arguments
        return options
    }
}
