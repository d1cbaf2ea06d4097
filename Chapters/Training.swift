import Foundation
import Datasets
import DeepLearning
import Training
import Plotting

/// §5.2.3 模型训练: the article's recipe, run. Its code trains `CNNModel` with `CrossEntropyLoss` and
/// `Adam(lr=0.001)` for 10 epochs over a shuffled loader of batch 64 and prints the test accuracy.
///
/// Here: the CNN adapted to 1×28×28 Fashion-MNIST (conv 1→64, ReLU, pool, conv 64→128, ReLU, pool,
/// fc 6272→128, ReLU, fc 128→10; 878,730 parameters), inputs normalised with the fit set's own mean and std, the
/// last 5,000 training images held out for validation (§3.5), and after every epoch the validation and test
/// accuracy. At the end: per-class precision, recall and F1 (which the article names but never computes,
/// erratum 10), a confusion-matrix heatmap, loss and accuracy curves, and the weights as safetensors, which
/// `workbook evaluate --weights FILE` reloads to reproduce the test accuracy exactly.
public enum CNNTrainingStep: ConfigurableStep {
    public static let command = "training"
    public static let section = ArticleSection.modelTraining
    public static let abstract = "§5.2.3: the article's CNN trained with its recipe (Adam 0.001, batch 64, 10 epochs); loss, accuracy, F1, curves."
    public static let discussion = """
        Trains the article's CNN (adapted to 1×28×28: fc1 = 6272→128) on Fashion-MNIST with CrossEntropyLoss, \
        Adam(lr = 0.001), batch 64, shuffled, 10 epochs, from a stated seed; inputs normalised with the fit set's \
        own mean and std; the last 5,000 training images are the validation set. A progress bar shows the loss, \
        images/s and ETA; each epoch prints its train loss, validation and test accuracy. Then the test set's \
        per-class precision, recall and F1, the confusion matrix, and charts (Plots/5.2.3-training/): loss per \
        step and per epoch, accuracy per epoch, the confusion heatmap. The weights are saved as safetensors \
        (--weights, default Plots/5.2.3-training/cnn.safetensors) for `workbook evaluate`. \
        Your own images: --train-dir and --test-dir name ImageFolder trees (one sub-folder per class, PNG), \
        resized to --input-size and converted to --channels. Also callable as `workbook cnn`.
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        try run(quick ? .quick : CNNTrainingOptions(), in: context)
    }

    public static func run(_ options: CNNTrainingOptions, in context: RunContext) throws {
        try options.validate()
        // The thread rule: `--threads` kernel workers split each batch, each calling BLAS with one thread.
        try KernelWorkers.splittingBatches(options.threads) { try train(options, in: context) }
    }

    private static func train(_ options: CNNTrainingOptions, in context: RunContext) throws {
        context.seed(options.seed)
        context.blasThreads(blasThreadCount)
        context.parameter("kernel workers", .integer(KernelWorkers.count))
        for (name, value): (String, RecordValue) in [
            ("epochs", .integer(options.epochs)), ("batch size", .integer(options.batchSize)),
            ("learning rate", .number(options.learningRate)), ("loss", "CrossEntropyLoss"),
            ("fit images limit", .integer(options.fitLimit ?? 0)),
        ] { context.parameter(name, value) }

        context.heading("Data")
        let splits = try options.loadData()
        for line in splits.description { context.say(line) }
        context.parameter(TrainingDataSet.parameterName, .text(options.dataSet.rawValue))
        context.parameter("data", .list(splits.description.map { .text($0) }))

        let normalization = try InputNormalization(ChannelStatistics(of: splits.fit))
        let augmentation = options.augmentation.map {
            $0.stage(height: splits.fit.height, width: splits.fit.width, normalization: normalization)
        }
        let trainer = try CNNTrainer(fit: splits.fit, seed: options.seed, batchSize: options.batchSize,
                                     learningRate: options.learningRate, normalization: normalization,
                                     augmentation: augmentation,
                                     producers: options.producerCount,
                                     maximumGradientNorm: options.maximumGradientNorm)
        context.parameter("augmentation", .list(augmentation.map { .text(String(describing: $0)) }))
        context.parameter("producers", .integer(options.producerCount))
        context.parameter("optimizer", .text(trainer.optimizer.description))
        context.parameter("max grad norm", options.maximumGradientNorm.map { .number($0) } ?? .text("none"))
        narrateSetup(trainer, options: options, in: context)

        context.heading("Training: \(options.epochs) epoch\(options.epochs == 1 ? "" : "s") of \(trainer.batchesPerEpoch) steps")
        trainer.showProgress { "epoch \($0 + 1)/\(options.epochs)" }
        // After each epoch: loss and accuracy on the validation set, accuracy on the test set (in evaluation mode),
        // one line, one record.
        let report = EpochReport(trainer, validation: splits.validation, test: splits.test, in: context)
        // Last, so that an epoch counts as done once its report is out.
        let resumption = try TrainingResumption(options, trainer: trainer, in: context)
        let epochs = try resumption.fit(trainer, epochs: options.epochs)
        let stepLosses = epochs.flatMap(\.stepLosses), epochLosses = epochs.map { $0.metrics["train loss"] ?? .nan }
        let trainingSeconds = epochs.reduce(0) { $0 + $1.trainingSeconds }
        let testPredictions = report.testPredictions
        context.result("test accuracy", .number(report.testAccuracies.last ?? 0))
        context.result("validation accuracy", .number(report.validationAccuracies.last ?? 0))
        context.result("final train loss", .number(epochLosses.last ?? 0))
        context.result("training seconds", .number(trainingSeconds))
        let trainedImages = trainer.fitCount * epochs.count - trainer.batchSize * resumption.firstStep
        context.result("images per second", .number(Double(max(trainedImages, 0)) / trainingSeconds))

        let scores = try ClassificationReport(labels: splits.test.labels, predictions: testPredictions,
                                              classCount: splits.classNames.count)
        context.heading("Test set: what the article's evaluation loop prints, and what it does not")
        let correct = zip(testPredictions, splits.test.labels).filter { $0 == $1 }.count
        context.say("Accuracy on the test set: \(format(100 * Double(correct) / Double(splits.test.count), digits: 6))%  "
                    + "(\(correct)/\(splits.test.count): the article's only number)")
        context.say(ClassificationNarration.scoreTable(scores, classNames: splits.classNames))
        context.say("")
        context.say(ClassificationNarration.confusionText(scores, classNames: splits.classNames))
        context.result("test macro F1", .number(scores.macro.f1))
        let worst = scores.classes.indices.min { scores.classes[$0].f1 < scores.classes[$1].f1 }!
        context.say("Weakest class: \(splits.classNames[worst]) (F1 \(percent(scores.classes[worst].f1))); "
                    + "accuracy alone hides which classes the model confuses.")

        try drawCurves(steps: stepLosses, epochs: epochLosses, validation: report.validationAccuracies, test: report.testAccuracies,
                       stepsPerEpoch: trainer.batchesPerEpoch, in: context)
        try context.draw(ClassificationNarration.confusionChart(
            scores, classNames: splits.classNames, name: "confusion-matrix",
            title: context.chartTitle("测试集混淆矩阵（行：真实类别，列：预测类别）")))

        let weights = options.weightsPath.map { URL(fileURLWithPath: $0) }
            ?? context.directory.appendingPathComponent("cnn.safetensors")
        let checkpoint = CNNCheckpoint(inputShape: trainer.inputShape, classNames: splits.classNames,
                                       normalization: trainer.normalization,
                                       data: options.trainDirectory ?? "fashion-mnist:\(options.dataDirectory)",
                                       testCorrect: correct, testCount: splits.test.count, seed: options.seed,
                                       recipe: "\(options.epochs) epoch\(options.epochs == 1 ? "" : "s") on \(trainer.fitCount) fit images, "
                                           + "batch \(options.batchSize), Adam lr \(format(options.learningRate))")
        try checkpoint.save(trainer.model, to: weights)
        let shown = relativeToWorkingDirectory(weights)
        context.say("weights: \(shown) (safetensors; `workbook evaluate --weights \(shown)` reproduces \(correct)/\(splits.test.count))")
        context.result("weights", .text(shown))
    }

    private static func narrateSetup(_ trainer: CNNTrainer, options: CNNTrainingOptions, in context: RunContext) {
        let s = trainer.normalization
        context.say("normalisation (fit set's own statistics): mean \(s.mean.map { format($0, digits: 5) }.joined(separator: ", ")), "
                    + "std \(s.std.map { format($0, digits: 5) }.joined(separator: ", ")) — not ImageNet's (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225)")
        context.heading("Model and recipe")
        if let summary = try? ModelSummary(of: trainer.model, inputShape: [options.batchSize] + trainer.inputShape) {
            context.say(summary.description)
            context.result("parameters", .integer(summary.totalParameterCount))
        }
        let blas = BLASLibrary.current()
        context.say("CrossEntropyLoss, \(trainer.optimizer), batch \(options.batchSize), "
                    + "shuffle (seed \(options.seed)), \(options.epochs) epochs; Float32; OpenBLAS \(blas.coreName), \(blas.threads) thread\(blas.threads == 1 ? "" : "s")")
    }

    private static func drawCurves(steps: [Float], epochs: [Double], validation: [Double], test: [Double],
                                   stepsPerEpoch: Int, in context: RunContext) throws {
        // Single batches are noisy (a factor of 10 between neighbours), so the per-step curve is the trailing mean
        // of a twentieth of an epoch: it still shows the drops within an epoch that the epoch means hide.
        let window = max(1, stepsPerEpoch / 20)
        var runningSum = 0.0
        let smoothed = steps.indices.map { i -> Double in
            runningSum += Double(steps[i]) - (i >= window ? Double(steps[i - window]) : 0)
            return runningSum / Double(min(i + 1, window))
        }
        let stepX = steps.indices.map { Double($0 + 1) / Double(stepsPerEpoch) }
        let epochX = epochs.indices.map { Double($0 + 1) }
        let epochAxis = Axis("epoch", range: 0...Double(max(epochs.count, 1)) + 0.2)
        try context.draw(Chart(
            name: "loss", title: context.chartTitle("训练损失：每步与每个 epoch 的平均"),
            content: .series([
                Series("loss, mean of the last \(window) steps", x: stepX, y: smoothed),
                Series("mean loss per epoch", x: epochX, y: epochs, style: .linesPoints),
            ]),
            xAxis: epochAxis, yAxis: Axis("cross-entropy loss", logarithmic: true)))
        try context.draw(Chart(
            name: "accuracy", title: context.chartTitle("每个 epoch 后的验证集与测试集准确率"),
            content: .series([
                Series("validation (last 5,000 training images)", x: epochX, y: validation.map { 100 * $0 }, style: .linesPoints),
                Series("test", x: epochX, y: test.map { 100 * $0 }, style: .linesPoints),
            ]),
            xAxis: epochAxis, yAxis: Axis("accuracy (%)"), legendPosition: "bottom right"))
    }
}

/// The file's path relative to the working directory when it lies inside it (for output that does not depend on
/// where the repository is checked out), else its full path.
func relativeToWorkingDirectory(_ url: URL) -> String {
    let base = FileManager.default.currentDirectoryPath + "/"
    return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.path
}

/// 0.9245 → "92.45%".
func percent(_ fraction: Double) -> String { String(format: "%.2f%%", 100 * fraction) }
