import Datasets
import Foundation
import DeepLearning
import Plotting

/// §4.4 损失函数（Loss Function）: the article's MSE and cross-entropy formulas computed term by term, and why the
/// binary cross-entropy (BCE) trains a sigmoid output where the MSE stalls.
///
/// For a logit z, p = σ(z) = 1/(1 + e⁻ᶻ) and σ′(z) = σ(z)(1 − σ(z)):
///     BCE(z, y) = −[y log p + (1 − y) log(1 − p)]     ∂BCE/∂z = σ(z) − y
///     MSE(z, y) = (p − y)²                           ∂MSE/∂z = 2(σ(z) − y)·σ(z)(1 − σ(z))
/// The MSE gradient carries the factor σ(1 − σ) ≤ 1/4, which vanishes as |z| grows: a confident mistake
/// (z ≪ 0 with y = 1) gets almost no gradient from the MSE, and the full −1 from the BCE.
public enum Losses {
    /// (1/n) Σ (yᵢ − ŷᵢ)²: the article's MSE.
    public static func meanSquaredError(targets y: [Double], predictions ŷ: [Double]) -> Double {
        zip(y, ŷ).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(y.count)
    }

    /// −(1/n) Σᵢ Σ_c yᵢ_c log ŷᵢ_c: the article's cross-entropy, with the sum over classes c that its one-line
    /// formula leaves implicit (for one-hot yᵢ it is −log of the probability given to the true class).
    public static func crossEntropy(targets y: [[Double]], probabilities ŷ: [[Double]]) -> Double {
        let perSample: [Double] = zip(y, ŷ).map { target, probabilities in
            -zip(target, probabilities).map { $0 * log($1) }.reduce(0, +)
        }
        return perSample.reduce(0, +) / Double(y.count)
    }

    /// −(1/n) Σ [yᵢ log ŷᵢ + (1 − yᵢ) log(1 − ŷᵢ)]: the article's binary form.
    public static func binaryCrossEntropy(targets y: [Double], probabilities ŷ: [Double]) -> Double {
        zip(y, ŷ).map { binaryCrossEntropyTerm(target: $0, probability: $1) }.reduce(0, +) / Double(y.count)
    }

    /// −[y log ŷ + (1 − y) log(1 − ŷ)] for one sample.
    public static func binaryCrossEntropyTerm(target y: Double, probability p: Double) -> Double {
        -(y * log(p) + (1 - y) * log(1 - p))
    }

    public static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// ∂BCE/∂z = σ(z) − y.
    public static func binaryCrossEntropyLogitGradient(logit z: Double, target y: Double) -> Double {
        sigmoid(z) - y
    }

    /// ∂(σ(z) − y)²/∂z = 2(σ(z) − y)·σ(z)(1 − σ(z)).
    public static func squaredErrorLogitGradient(logit z: Double, target y: Double) -> Double {
        let p = sigmoid(z)
        return 2 * (p - y) * p * (1 - p)
    }

    // MARK: The worked examples

    /// Regression: four targets and predictions.
    public static let regressionExample = (targets: [3.0, -0.5, 2.0, 7.0], predictions: [2.5, 0.0, 2.0, 8.0])
    /// Three classes, two samples, one-hot targets.
    public static let multiclassExample = (targets: [[1.0, 0, 0], [0, 1.0, 0]],
                                           probabilities: [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]])
    /// Binary: four samples.
    public static let binaryExample = (targets: [1.0, 0, 1, 0], probabilities: [0.9, 0.2, 0.6, 0.3])
    /// The logits of the gradient table (target y = 1).
    public static let tableLogits: [Double] = [-4, -1, 0, 1, 4]
}

/// The options of `workbook losses`.
public struct LossesOptions: StepOptions, Equatable {
    /// Training epochs of each loss in the race.
    public var epochs = 10
    public init() {}

    public func validate() throws {
        guard (1...1000).contains(epochs) else { throw OptionError("--epochs must be between 1 and 1000, got \(epochs)") }
    }
}

/// `workbook losses`: §4.4 narrated.
public enum LossesStep: ConfigurableStep {
    public static let command = "losses"
    public static let section = ArticleSection.lossFunction
    public static let abstract = "§4.4: MSE and cross-entropy by hand; BCE vs MSE gradients on a sigmoid; both losses training one classifier."
    public static let discussion = """
        Computes the article's MSE, cross-entropy and binary cross-entropy on small examples with every term \
        printed; tables and charts the gradient with respect to the logit, σ(z) − y for BCE against \
        2(σ(z) − y)σ(z)(1 − σ(z)) for MSE, at z = −4, −1, 0, 1, 4 with y = 1, showing why MSE learns slowly from \
        confident mistakes; then trains the same logistic-regression classifier on a pair of Fashion-MNIST \
        classes with each loss from the same confidently wrong start (charts in Plots/4.4-losses/).
        """

    public static func run(_ options: LossesOptions, in context: RunContext) throws {
        try options.validate()
        narrateWorkedExamples(in: context)
        try narrateLogitGradients(in: context)
        var configuration = LossRace.Configuration()
        configuration.epochs = options.epochs
        try race(configuration, in: context)
    }

    // MARK: The race

    private static func race(_ configuration: LossRace.Configuration, in context: RunContext) throws {
        context.heading("The race: BCE against MSE, one classifier, the same bad start")
        let train: LabeledImages, test: LabeledImages
        do {
            (train, test) = (try FashionMNIST.load(.train), try FashionMNIST.load(.test))
        } catch {
            context.say("race skipped: \(error)")
            context.result("race", .text("skipped: \(error)"))
            return
        }
        let task = LossRace.task(train: train, test: test, classes: configuration.classes)
        let (negative, positive) = task.classNames
        context.seed(configuration.seed)
        context.blasThreads(blasThreadCount)
        context.parameter("race classes", .text("\(negative) (0) vs \(positive) (1)"))
        context.parameter("race optimizer", .text("SGD, learning rate \(configuration.learningRate), batch \(configuration.batchSize)"))
        context.parameter("race epochs", .integer(configuration.epochs))
        context.parameter("race start median |z|", .number(Double(configuration.startConfidence)))
        context.say("Fashion-MNIST \(negative) (target 0) against \(positive) (target 1): \(task.train.count) training and \(task.test.count) test images.")
        context.say("An easy pair on purpose: a linear model separates it to about 99%, so the only thing that differs between the")
        context.say("two runs is how each loss treats confident mistakes. Model: z = w·x + b on the 784 pixels in [0, 1].")
        let start = LossRace.confidentlyWrongStart(task, confidence: configuration.startConfidence)
        context.say("Start: w = −a·(μ₊ − μ₋), b = a·m·(μ₊ − μ₋), the nearest-class-mean classifier turned around, scaled so that the")
        context.say("median |z| is \(format(Double(configuration.startConfidence))): the typical image gets σ = \(format(Losses.sigmoid(-Double(configuration.startConfidence)) * 100, digits: 2))% for its true class.")
        context.say("Both: plain SGD (no momentum, no Adam, which would rescale the small MSE gradient), α = \(configuration.learningRate), batch \(configuration.batchSize), seed \(configuration.seed), \(configuration.epochs) epochs, OpenBLAS threads \(blasThreadCount).")

        let runs = try LossRace.Loss.allCases.map { try LossRace.train(task, from: start, loss: $0, configuration) }
        let (bce, mse) = (runs[0], runs[1])
        context.say(table(["epoch", "BCE run: train BCE", "test acc", "MSE run: train MSE", "test acc", "MSE run: train BCE"],
                          (0...configuration.epochs).map { e in
            ["\(e)", format(bce.trainBinaryCrossEntropy[e], digits: 4), format(bce.testAccuracy[e] * 100, digits: 4) + "%",
             format(mse.trainSquaredError[e], digits: 4), format(mse.testAccuracy[e] * 100, digits: 4) + "%",
             format(mse.trainBinaryCrossEntropy[e], digits: 4)]
        }))
        for e in 0...configuration.epochs {
            context.epoch(EpochRecord(epoch: e, metrics: [
                "BCE run: train BCE": bce.trainBinaryCrossEntropy[e], "BCE run: test accuracy": bce.testAccuracy[e],
                "BCE run: train accuracy": bce.trainAccuracy[e],
                "MSE run: train MSE": mse.trainSquaredError[e], "MSE run: test accuracy": mse.testAccuracy[e],
                "MSE run: train accuracy": mse.trainAccuracy[e],
            ]))
        }
        let target = configuration.escapeAccuracy
        let escapes = runs.map { $0.escapeStep(accuracy: target) }
        func describe(_ step: Int?) -> String {
            guard let step else { return "not within \(configuration.epochs) epochs (\(bce.testAccuracyPerStep.count - 1) steps)" }
            return "step \(step) (epoch \(format(Double(step) / Double(bce.stepsPerEpoch), digits: 3)))"
        }
        context.say("Test accuracy ≥ \(format(target * 100))% (escape from the bad start): BCE at \(describe(escapes[0])), MSE at \(describe(escapes[1])).")
        if let b = escapes[0], let m = escapes[1] {
            context.say("BCE escapes \(m - b) steps sooner, \(format(Double(m) / Double(max(b, 1)), digits: 3))× fewer steps: with |z| ≈ \(format(Double(configuration.startConfidence))) the MSE gradient carries σ(1 − σ) ≈ \(format(Losses.sigmoid(-Double(configuration.startConfidence)) * (1 - Losses.sigmoid(-Double(configuration.startConfidence))), digits: 2)).")
        }
        for (run, escape) in zip(runs, escapes) {
            context.result("race: \(run.loss.rawValue) escape step", escape.map { .integer($0) } ?? .text("none"))
            context.result("race: \(run.loss.rawValue) final test accuracy", .number(run.testAccuracy.last!))
        }

        let epochs = (0...configuration.epochs).map(Double.init)
        try context.draw(Chart(
            name: "race-accuracy-per-epoch", title: context.chartTitle("同一分类器、同一错误起点：测试准确率（\(negative) vs \(positive)）"),
            content: .series(runs.map { Series("\($0.loss.rawValue) loss", x: epochs, y: $0.testAccuracy.map { $0 * 100 }, style: .linesPoints) }),
            xAxis: Axis("epoch"), yAxis: Axis("test accuracy (%)", range: 0...100), legendPosition: "bottom right"))
        try context.draw(Chart(
            name: "race-loss-per-epoch", title: context.chartTitle("训练损失（每个模型用自己的损失）"),
            content: .series([Series("BCE run: mean BCE", x: epochs, y: bce.trainBinaryCrossEntropy, style: .linesPoints),
                              Series("MSE run: mean (σ(z) − y)²", x: epochs, y: mse.trainSquaredError, style: .linesPoints),
                              Series("MSE run, measured in BCE", x: epochs, y: mse.trainBinaryCrossEntropy, style: .dashedLines)]),
            xAxis: Axis("epoch"), yAxis: Axis("training loss", logarithmic: true), legendPosition: "top right"))
        let steps = (1..<bce.testAccuracyPerStep.count).map(Double.init)
        try context.draw(Chart(
            name: "race-accuracy-per-step", title: context.chartTitle("每步之后的测试准确率：BCE 很快逃离错误起点"),
            content: .series(runs.map { Series("\($0.loss.rawValue) loss", x: steps, y: $0.testAccuracyPerStep.dropFirst().map { $0 * 100 }) }),
            xAxis: Axis("SGD step", logarithmic: true), yAxis: Axis("test accuracy (%)", range: 0...100),
            verticalMarkers: zip(runs, escapes).compactMap { run, step in step.map { Marker(at: Double($0), "\(run.loss.rawValue): \($0)") } },
            legendPosition: "bottom right"))
    }

    private static func narrateWorkedExamples(in context: RunContext) {
        let r = Losses.regressionExample
        context.heading("MSE: J = (1/n) Σ (yᵢ − ŷᵢ)²")
        let squares = zip(r.targets, r.predictions).map { ($0 - $1) * ($0 - $1) }
        context.say("y = \(r.targets.map { format($0) }.joined(separator: ", ")),  ŷ = \(r.predictions.map { format($0) }.joined(separator: ", "))")
        context.say("J = (1/\(r.targets.count))·[" + zip(r.targets, r.predictions).map { "(\(format($0)) − \(format($1)))²" }.joined(separator: " + ")
                    + "] = (1/\(r.targets.count))·[" + squares.map { format($0) }.joined(separator: " + ") + "] = "
                    + format(Losses.meanSquaredError(targets: r.targets, predictions: r.predictions)))
        context.result("MSE example", .number(Losses.meanSquaredError(targets: r.targets, predictions: r.predictions)))

        let c = Losses.multiclassExample
        context.heading("Cross-entropy: J = −(1/n) Σ yᵢ log ŷᵢ  (yᵢ one-hot over 3 classes, Σ over classes implied)")
        for (i, (y, p)) in zip(c.targets, c.probabilities).enumerated() {
            let terms = zip(y, p).map { "\(format($0))·log \(format($1))" }.joined(separator: " + ")
            let value = -zip(y, p).map { $0 * log($1) }.reduce(0, +)
            context.say("sample \(i + 1): y = (\(y.map { format($0) }.joined(separator: ", "))), ŷ = (\(p.map { format($0) }.joined(separator: ", "))):  −(\(terms)) = \(format(value))")
        }
        context.say("J = (1/2)·(sum) = \(format(Losses.crossEntropy(targets: c.targets, probabilities: c.probabilities)))  (only the true class's log-probability counts)")
        context.result("cross-entropy example", .number(Losses.crossEntropy(targets: c.targets, probabilities: c.probabilities)))

        let b = Losses.binaryExample
        context.heading("Binary cross-entropy: J = −(1/n) Σ [yᵢ log ŷᵢ + (1 − yᵢ) log(1 − ŷᵢ)]")
        for (y, p) in zip(b.targets, b.probabilities) {
            context.say("y = \(format(y)), ŷ = \(format(p)):  −[\(format(y))·log \(format(p)) + \(format(1 - y))·log \(format(1 - p))] = \(format(Losses.binaryCrossEntropyTerm(target: y, probability: p)))")
        }
        let bce = Losses.binaryCrossEntropy(targets: b.targets, probabilities: b.probabilities)
        context.say("J = (1/\(b.targets.count))·(sum) = \(format(bce))")
        let firstFormOnly = -zip(b.targets, b.probabilities).map { $0 * log($1) }.reduce(0, +) / Double(b.targets.count)
        context.say("The article's first form, −(1/n) Σ yᵢ log ŷᵢ with scalar yᵢ ∈ {0, 1}, drops every y = 0 sample: here \(format(firstFormOnly)),")
        context.say("and predicting ŷ = 1 for everything would score 0. The (1 − y) log(1 − ŷ) term of the binary form is what penalises false positives.")
        context.result("binary cross-entropy example", .number(bce))
    }

    private static func narrateLogitGradients(in context: RunContext) throws {
        context.heading("Gradient with respect to the logit z, target y = 1")
        context.say("∂BCE/∂z = σ(z) − y        ∂MSE/∂z = 2(σ(z) − y)·σ(z)(1 − σ(z))")
        context.say(table(["z", "σ(z)", "BCE", "∂BCE/∂z", "MSE", "∂MSE/∂z", "BCE/MSE gradient"], Losses.tableLogits.map { z in
            let p = Losses.sigmoid(z)
            let gBCE = Losses.binaryCrossEntropyLogitGradient(logit: z, target: 1)
            let gMSE = Losses.squaredErrorLogitGradient(logit: z, target: 1)
            return [format(z), format(p, digits: 5), format(Losses.binaryCrossEntropyTerm(target: 1, probability: p), digits: 5),
                    format(gBCE, digits: 5), format((p - 1) * (p - 1), digits: 5), format(gMSE, digits: 5),
                    format(gBCE / gMSE, digits: 4)]
        }))
        let gBCE = Losses.binaryCrossEntropyLogitGradient(logit: -4, target: 1)
        let gMSE = Losses.squaredErrorLogitGradient(logit: -4, target: 1)
        context.say("At z = −4 the model gives the true class \(format(Losses.sigmoid(-4) * 100, digits: 3))%: BCE pushes z up with \(format(-gBCE, digits: 4)),")
        context.say("MSE with \(format(-gMSE, digits: 4)), \(format(gBCE / gMSE, digits: 3))× less; at z = −8 it is \(format(Losses.binaryCrossEntropyLogitGradient(logit: -8, target: 1) / Losses.squaredErrorLogitGradient(logit: -8, target: 1), digits: 4))× less.")
        context.say("|∂MSE/∂z| = 2σ(1 − σ)² is largest at σ = 1/3 (z = −ln 2 ≈ \(format(-log(2.0), digits: 4))), where it is 8/27 ≈ \(format(8.0 / 27, digits: 4)), and decays")
        context.say("like 2eᶻ for z ≪ 0, while |∂BCE/∂z| = 1 − σ tends to 1: the more confidently wrong, the slower MSE learns.")
        for z in Losses.tableLogits {
            context.result("dBCE/dz at z=\(format(z))", .number(Losses.binaryCrossEntropyLogitGradient(logit: z, target: 1)))
            context.result("dMSE/dz at z=\(format(z))", .number(Losses.squaredErrorLogitGradient(logit: z, target: 1)))
        }
        let zs = stride(from: -10.0, through: 10, by: 0.05).map { $0 }
        try context.draw(Chart(
            name: "logit-gradient", title: context.chartTitle("对 logit z 的梯度（y = 1）：BCE 与 MSE"),
            content: .series([
                Series("∂BCE/∂z = σ(z) − 1", x: zs, y: zs.map { Losses.binaryCrossEntropyLogitGradient(logit: $0, target: 1) }),
                Series("∂MSE/∂z = 2(σ(z) − 1)σ(z)(1 − σ(z))", x: zs, y: zs.map { Losses.squaredErrorLogitGradient(logit: $0, target: 1) }),
            ]),
            xAxis: Axis("logit z (z < 0: wrong, and the more negative, the more confident)"), yAxis: Axis("gradient"),
            verticalMarkers: Losses.tableLogits.filter { $0 < 0 }.map { Marker(at: $0, "z = \(format($0))") },
            legendPosition: "bottom right"))
    }
}
