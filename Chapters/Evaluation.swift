import Foundation
import Datasets
import DeepLearning
import Plotting

/// §3.5 评估过程: "验证集评估 … 测试集评估 … 评估指标包括准确率、召回率、F1值等". The article names accuracy,
/// recall and F1, but its evaluation code (§5.2.3) computes `100 * correct / total` only (erratum 10).
///
/// First a worked example small enough to check by hand (the one ClassificationReportTests pins), then the
/// trained CNN on the validation set (the last 5,000 training images) and on the test set.
public enum Evaluation {
    /// Ten examples of three classes: labels and predictions.
    public static let workedExample = (labels: [0, 0, 0, 0, 1, 1, 1, 2, 2, 2],
                                       predictions: [0, 0, 1, 2, 1, 1, 0, 2, 2, 1])

    /// TP, FP and FN of class `k` from a confusion matrix `C[true][predicted]`.
    public static func counts(of k: Int, in confusion: [[Int]]) -> (truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        let column = confusion.indices.reduce(0) { $0 + confusion[$1][k] }
        let row = confusion[k].reduce(0, +)
        return (confusion[k][k], column - confusion[k][k], row - confusion[k][k])
    }

    /// Where `workbook training` leaves its weights under a plots root.
    public static func defaultWeights(plotsRoot: URL) -> URL {
        plotsRoot.appendingPathComponent(CNNTrainingStep.folderName).appendingPathComponent("cnn.safetensors")
    }
}

/// The options of `workbook evaluation`.
public struct EvaluationOptions: StepOptions, Equatable {
    /// Weights saved by `workbook training`; nil: `<plots>/5.2.3-training/cnn.safetensors`, else a quick model.
    public var weights: String?
    public var dataDirectory = FashionMNIST.defaultDirectory

    public init() {}

    public func validate() throws {
        if let weights, !FileManager.default.fileExists(atPath: weights) {
            throw OptionError("--weights \(weights): no such file (train first: `workbook training`)")
        }
    }
}

/// `workbook evaluation`: §3.5 narrated.
public enum EvaluationStep: ConfigurableStep {
    public static let command = "evaluation"
    public static let section = ArticleSection.evaluationProcess
    public static let abstract = "§3.5: accuracy, precision, recall, F1 (per class, macro, weighted, micro) and the confusion matrix, by hand then on the trained CNN."
    public static let discussion = """
        Computes every measure the article names in §3.5 but never computes (erratum 10: its code counts correct \
        answers only): first on ten examples of three classes, term by term (TP, FP, FN, precision, recall, F1, \
        their macro, weighted and micro averages), then on the CNN trained by `workbook training` (its saved \
        weights, Plots/5.2.3-training/cnn.safetensors, or --weights FILE; without them a quick model is trained \
        first and the output says so) on the validation set (the last 5,000 training images) and on the test set. \
        Charts (Plots/3.5-evaluation/): both confusion matrices as heatmaps.
        """

    public static let errataChecks = [
        ErratumCheck(erratum: 10) {
            let e = Evaluation.workedExample
            let report = try! ClassificationReport(labels: e.labels, predictions: e.predictions, classCount: 3)
            let recalls = report.classes.map { percent($0.recall) }.joined(separator: ", ")
            let f1s = report.classes.map { percent($0.f1) }.joined(separator: ", ")
            return ErratumEvidence(
                articleValue: "§5.2.3's evaluation prints 100 * correct / total only: \(percent(report.accuracy)) on the worked example",
                correctValue: "recall per class \(recalls), F1 per class \(f1s), macro F1 \(percent(report.macro.f1))",
                confirmed: report.classes.contains { $0.recall != report.accuracy || $0.f1 != report.accuracy },
                explanation: "recall and F1 are per-class numbers the accuracy does not determine; the article names them (§3.5, §5.3.3) and never computes them")
        },
    ]

    /// Without `weights`: the file `workbook training` saves under the same plots root, if it exists.
    public static func run(_ options: EvaluationOptions, in context: RunContext) throws {
        let weights = options.weights.map { URL(fileURLWithPath: $0) }, dataDirectory = options.dataDirectory
        try narrateWorkedExample(in: context)
        try evaluateTrainedCNN(weights: weights ?? Evaluation.defaultWeights(plotsRoot: context.directory.deletingLastPathComponent()),
                               explicit: weights != nil, dataDirectory: dataDirectory, in: context)
    }

    private static func narrateWorkedExample(in context: RunContext) throws {
        let e = Evaluation.workedExample
        let report = try ClassificationReport(labels: e.labels, predictions: e.predictions, classCount: 3)
        context.heading("A worked example: 10 examples, 3 classes")
        context.say("labels      " + e.labels.map(String.init).joined(separator: " "))
        context.say("predictions " + e.predictions.map(String.init).joined(separator: " "))
        context.say("")
        context.say(table(["true \\ predicted", "0", "1", "2"], report.confusion.enumerated().map { ["\($0)"] + $1.map(String.init) }))
        context.say("")
        for k in 0..<3 {
            let (tp, fp, fn) = Evaluation.counts(of: k, in: report.confusion)
            let s = report.classes[k]
            context.say("class \(k): TP = \(tp), FP = \(fp) (others predicted as \(k)), FN = \(fn) (\(k) predicted as others)")
            context.say("  precision = TP/(TP+FP) = \(tp)/\(tp + fp) = \(format(s.precision, digits: 4)),  recall = TP/(TP+FN) = \(tp)/\(tp + fn) = \(format(s.recall, digits: 4)),  "
                        + "F1 = 2PR/(P+R) = \(format(s.f1, digits: 4))")
        }
        let correct = zip(e.labels, e.predictions).filter { $0 == $1 }.count
        context.say("accuracy = correct/total = \(correct)/\(e.labels.count) = \(format(report.accuracy))")
        context.say("macro    = plain mean over classes:      P \(format(report.macro.precision, digits: 4))  R \(format(report.macro.recall, digits: 4))  F1 \(format(report.macro.f1, digits: 4))")
        context.say("weighted = mean weighted by support 4:3:3: P \(format(report.weighted.precision, digits: 4))  R \(format(report.weighted.recall, digits: 4))  F1 \(format(report.weighted.f1, digits: 4))")
        context.say("micro    = pooled counts: every error is one FP and one FN, so P = R = F1 = accuracy = \(format(report.micro.f1))")
        context.result("worked example accuracy", .number(report.accuracy))
        context.result("worked example macro F1", .number(report.macro.f1))
        try context.draw(ClassificationNarration.confusionChart(
            report, classNames: ["0", "1", "2"], name: "worked-example-confusion",
            title: context.chartTitle("手算示例的混淆矩阵")))
        context.say("Erratum 10: the article's evaluation code would print only the \(percent(report.accuracy)); class 1's precision is \(percent(report.classes[1].precision)), class 0's recall \(percent(report.classes[0].recall)).")
    }

    private static func evaluateTrainedCNN(weights: URL, explicit: Bool, dataDirectory: String,
                                           in context: RunContext) throws {
        context.heading("The trained CNN on the validation and test sets")
        let splits = try DataSplits.fashionMNIST(directory: dataDirectory)
        let model: Sequential<Float>, normalization: InputNormalization
        if FileManager.default.fileExists(atPath: weights.path) {
            let loaded = try CNNCheckpoint.load(from: weights)
            guard loaded.checkpoint.inputShape == [1, 28, 28], loaded.checkpoint.classNames == splits.classNames else {
                throw OptionError("\(weights.path) was trained on other data (\(loaded.checkpoint.data)); give --weights of a Fashion-MNIST model")
            }
            (model, normalization) = (loaded.model, loaded.checkpoint.normalization)
            context.say("weights: \(weights.lastPathComponent), saved by `workbook training`: \(loaded.checkpoint.recipe), seed \(loaded.checkpoint.seed)")
            context.parameter("weights", .text("\(weights.lastPathComponent): \(loaded.checkpoint.recipe), seed \(loaded.checkpoint.seed)"))
        } else {
            if explicit { throw OptionError("--weights \(weights.path): no such file") }
            let quick = CNNTrainingOptions.quick
            context.say("no saved weights at \(weights.path) (run `workbook training` first for the full model):")
            context.say("training a quick model instead: \(quick.fitLimit ?? 0) fit images, \(quick.epochs) epoch, seed \(quick.seed)")
            context.parameter("weights", "quick model trained here")
            let trainer = try CNNTrainer(fit: splits.fit.subset(0..<(quick.fitLimit ?? splits.fit.count)), seed: quick.seed,
                                         batchSize: quick.batchSize, learningRate: quick.learningRate)
            trainer.showProgress { _ in "quick training" }
            _ = try trainer.trainEpoch(0)
            (model, normalization) = (trainer.model, trainer.normalization)
        }
        for (name, images) in [("validation", splits.validation), ("test", splits.test)] {
            let predictions = try CNNTrainer.predict(model, images, normalization: normalization)
            let report = try ClassificationReport(labels: images.labels, predictions: predictions,
                                                  classCount: splits.classNames.count)
            context.say("")
            context.say("\(name) set (\(images.count) images): accuracy \(percent(report.accuracy)), macro F1 \(percent(report.macro.f1))")
            context.say(ClassificationNarration.scoreTable(report, classNames: splits.classNames))
            context.result("\(name) accuracy", .number(report.accuracy))
            context.result("\(name) macro F1", .number(report.macro.f1))
            if name == "test" {
                context.say("")
                context.say(ClassificationNarration.confusionText(report, classNames: splits.classNames))
                let (worst, best) = (report.classes.indices.min { report.classes[$0].f1 < report.classes[$1].f1 }!,
                                     report.classes.indices.max { report.classes[$0].f1 < report.classes[$1].f1 }!)
                context.say("F1 ranges from \(percent(report.classes[worst].f1)) (\(splits.classNames[worst])) to \(percent(report.classes[best].f1)) (\(splits.classNames[best])): "
                            + "one accuracy figure hides a spread the per-class scores show.")
                try context.draw(ClassificationNarration.confusionChart(
                    report, classNames: splits.classNames, name: "test-confusion",
                    title: context.chartTitle("训练后 CNN 在测试集上的混淆矩阵")))
            }
        }
    }
}
