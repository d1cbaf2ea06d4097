import Foundation
import Datasets
import DeepLearning
import Plotting
import Training

/// `workbook saliency`: §8.3's third strategy, 增强模型透明性 (make the model transparent with tools that explain its
/// decisions), done for the article's CNN: four saliency maps for a grid of test images, and the sanity check that
/// tells an explanation of the model from a picture of the image.
public enum SaliencyStep: ConfigurableStep {
    public static let command = "saliency"
    public static let section = ArticleSection.copingStrategies
    public static let abstract = "§8.3 transparency: input gradient, SmoothGrad, occlusion and Grad-CAM maps of the CNN; Adebayo's randomisation check."
    public static let discussion = """
        The article recommends explainability tools (§8.3, 增强模型透明性) and shows none. This step trains the \
        article's CNN by §5.2.3's recipe for 2 epochs (seed 0; the weights are kept in Plots/8.3-saliency/ and \
        reused, not committed) and explains 9 test images chosen by a fixed rule (3 correct, 3 wrong, 3 Shirts, \
        the class §9.4's fairness step studies), each for its true class, with four maps: the input gradient \
        |∂y_c/∂x| (Simonyan et al. 2014; the first layer computes ∂/∂input only for this pass), SmoothGrad (the \
        gradient averaged over 50 noisy copies, σ = 15% of the input range; Smilkov et al. 2017), occlusion (a 6×6 \
        patch of mean gray slid with stride 2, the drop of the true class's probability; Zeiler & Fergus 2014) \
        and Grad-CAM on conv2's rectified feature maps, upsampled bilinearly to 28×28 (Selvaraju et al. 2017). \
        Then the sanity check of Adebayo et al. (2018): the layers are replaced by random ones from the top \
        (fc2, fc1, conv2, conv1), and after each the maps are drawn again and compared with the trained model's \
        by Spearman's rank correlation (mean over the images). Charts: the maps over the images for the trained \
        and the randomised model, and ρ along the cascade. --quick trains 10 steps and explains images of the \
        first 1,000 test images (CI).
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        try run(quick ? .quickRun : SaliencyOptions(), in: context)
    }

    public static func run(_ options: SaliencyOptions, in context: RunContext) throws {
        try options.validate()
        try KernelWorkers.splittingBatches(options.threads) { try explain(options, in: context) }
    }

    private static func explain(_ options: SaliencyOptions, in context: RunContext) throws {
        context.seed(options.seed)
        context.blasThreads(blasThreadCount)
        context.parameter("epochs", .integer(options.epochs))
        context.parameter("kernel workers", .integer(KernelWorkers.count))
        context.heading("Data")
        var splits = try DataSplits.fashionMNIST(directory: options.dataDirectory,
                                                 fitLimit: options.quick ? SaliencyOptions.quickFitImages : nil)
        if options.quick {
            splits.validation = splits.validation.subset(0..<SaliencyOptions.quickValidationImages)
            splits.test = splits.test.subset(0..<SaliencyOptions.quickTestImages)
        }
        for line in splits.description { context.say(line) }
        if options.quick {
            context.say("quick: validation on its first \(splits.validation.count), the grid from the first \(splits.test.count) test images")
        }

        context.heading("The model explained: §5.2.3's recipe, \(options.epochs) epoch\(options.epochs == 1 ? "" : "s"), seed \(options.seed)")
        let trained = try SaliencyModel.trainedOrLoaded(
            splits: splits, epochs: options.epochs, seed: options.seed,
            file: context.directory.appendingPathComponent("cnn-\(options.epochs)-epochs-seed-\(options.seed).safetensors"),
            in: context)
        let testAccuracy = accuracy(trained.testPredictions, splits.test.labels)
        context.say("test accuracy \(percent(testAccuracy)) (\(splits.test.count) images)")
        context.result("test accuracy", .number(testAccuracy))

        let examples = SaliencyExamples(labels: splits.test.labels, predictions: trained.testPredictions)
        guard !examples.examples.isEmpty else { throw OptionError("saliency: no test image fits the grid's rule") }
        let indices = examples.examples.map(\.index)
        let inputs = try trained.inputs(splits.test, at: indices)
        let classes = examples.examples.map(\.label)
        narrateExamples(examples, model: trained.model, inputs: inputs, classNames: splits.classNames, in: context)

        let settings = options.settings(inputRange: 1 / trained.normalization.std[0])
        narrateSettings(settings, in: context)
        let maps = try SaliencyMaps(of: trained.model, inputs: inputs, classes: classes, settings: settings)
        narrateTimes(maps, images: indices.count, in: context)
        narrateAgreement(maps, in: context)
        let side = splits.test.width
        let images = splits.test.subset(indices).tensor().scalars.map(Double.init)
        let pictures = (0..<indices.count).map { Array(images[$0 * side * side ..< ($0 + 1) * side * side]) }
        try context.draw(SaliencyGrid.chart(
            name: "maps-trained", title: context.chartTitle("训练后模型的显著图（真实类别；黄 = 最大，无色 = 0）"), examples: examples,
            images: pictures, maps: maps, classNames: splits.classNames, side: side))

        context.heading("Sanity check (Adebayo et al. 2018): the same maps after randomising the weights")
        let check = try RandomizationCheck(trained: trained.model, trainedMaps: maps, inputs: inputs, classes: classes,
                                           settings: settings, randomSeed: options.randomSeed,
                                           inputShape: [splits.test.channels, side, side], classCount: splits.classNames.count)
        context.parameter("randomised weights seed", .integer(Int(options.randomSeed)))
        narrateCascade(check, in: context)
        narrateLikenessToTheImage(trained: maps, randomised: check.stages.last!.maps, pictures: pictures, in: context)
        try context.draw(SaliencyGrid.chart(
            name: "maps-randomised", title: context.chartTitle("权重全部随机化后的显著图（同一批图像与类别）"), examples: examples,
            images: pictures, maps: check.stages.last!.maps, classNames: splits.classNames, side: side))
        try drawCascade(check, in: context)
        context.say("The rare class here is Shirt, by the confusion matrix of §5.2.3; a model trained to serve it "
                    + "better is §9.4's (`workbook fairness`), whose maps this step does not draw.")
    }

    // MARK: Narration

    private static func narrateExamples(_ examples: SaliencyExamples, model: Sequential<Float>, inputs: Tensor<Float>,
                                        classNames: [String], in context: RunContext) {
        context.heading("The images: the first of each kind in the test set, explained for their true class")
        model.eval()
        defer { model.train() }
        guard let logits = try? model.forward(inputs) else { return }
        let trueProbabilities = Occlusion.classProbabilities(logits, classes: examples.examples.map(\.label))
        let predictedProbabilities = Occlusion.classProbabilities(logits, classes: examples.examples.map(\.prediction))
        let rows = examples.examples.enumerated().map { n, e in
            [e.kind.rawValue, "#\(e.index)", classNames[e.label], classNames[e.prediction],
             format(trueProbabilities[n], digits: 3), format(predictedProbabilities[n], digits: 3)]
        }
        context.say(table(["kind", "test image", "true class", "predicted", "p(true)", "p(predicted)"], rows))
        context.parameter("images", .list(examples.examples.map { .text("\($0.kind.rawValue) #\($0.index)") }))
    }

    private static func narrateSettings(_ settings: SaliencyMaps.Settings, in context: RunContext) {
        let s = settings.smoothGrad, o = settings.occlusion
        context.say("y = the logit of the true class. |∂y/∂x|: one backward pass from ∂y/∂logits = one-hot, the "
                    + "first layer's input gradient switched on for it (training skips it), the weights frozen "
                    + "(no weight gradient). SmoothGrad: n = \(s.samples), σ = \(format(s.noiseStandardDeviation, digits: 3)) "
                    + "(15% of the normalised range). Occlusion: \(o.patchSize)×\(o.patchSize) patch, stride "
                    + "\(o.stride), \(o.corners(along: 28).count * o.corners(along: 28).count) positions, fill "
                    + "\(format(o.fill)) (the mean gray). Grad-CAM: relu2's 128 maps of 14×14, α_k = mean of ∂y/∂A_k, "
                    + "ReLU(Σ α_k A_k), bilinear to 28×28 (half-pixel centres).")
        context.parameters(["smoothgrad samples": Double(s.samples), "smoothgrad sigma": s.noiseStandardDeviation,
                            "occlusion patch": Double(o.patchSize), "occlusion stride": Double(o.stride),
                            "occlusion fill": o.fill])
    }

    private static func narrateTimes(_ maps: SaliencyMaps, images: Int, in context: RunContext) {
        let line = SaliencyMethod.allCases.map { "\($0.label) \(String(format: "%.2f", maps.seconds[$0] ?? 0)) s" }
        context.say("time for \(images) images: " + line.joined(separator: ", ")
                    + " (Grad-CAM reuses the gradient's pass: its time is the map's arithmetic)")
        for method in SaliencyMethod.allCases { context.result("seconds \(method.rawValue)", .number(maps.seconds[method] ?? 0)) }
    }

    /// The mean rank correlation between the methods' maps on the trained model: do they point at the same pixels?
    private static func narrateAgreement(_ maps: SaliencyMaps, in context: RunContext) {
        let methods = SaliencyMethod.allCases
        let rows = methods.map { a in
            [a.label] + methods.map { b in
                let values = zip(maps.maps[a]!, maps.maps[b]!).compactMap { spearmanCorrelation($0, $1) }
                return values.isEmpty ? "–" : format(values.reduce(0, +) / Double(values.count), digits: 2)
            }
        }
        context.say("Agreement of the methods on the trained model (Spearman's ρ between two methods' maps of the same image, mean over the images):")
        context.say(table(["ρ"] + methods.map(\.label), rows))
    }

    private static func narrateCascade(_ check: RandomizationCheck, in context: RunContext) {
        let rows = check.stages.map { stage in
            [stage.randomisedLayers.joined(separator: " + ")] + SaliencyMethod.allCases.map { method in
                guard let (mean, defined) = stage.meanCorrelation(method) else { return "undefined" }
                let total = stage.correlations[method]?.count ?? 0
                return format(mean, digits: 2) + (defined < total ? " (\(defined) of \(total) maps)" : "")
            }
        }
        context.say("Spearman's ρ between each image's map and the trained model's, mean over the images "
                    + "(layers replaced from the top by those of a fresh model):")
        context.say(table(["randomised"] + SaliencyMethod.allCases.map(\.label), rows))
        let last = check.stages.last!
        for method in SaliencyMethod.allCases {
            context.result("rank correlation fully randomised \(method.rawValue)",
                           last.meanCorrelation(method).map { .number($0.mean) } ?? .text("undefined"))
        }
        context.say("A map that stays put (ρ near 1) after the weights are gone explains the image, not the model; "
                    + "an undefined ρ is a map that is constant (a Grad-CAM with no positive evidence anywhere).")
    }

    /// How much each map is a picture of the image itself (Adebayo et al. find gradients close to edge detectors):
    /// ρ between the map and the image's pixel intensities, for the trained and the fully randomised model.
    private static func narrateLikenessToTheImage(trained: SaliencyMaps, randomised: SaliencyMaps, pictures: [[Double]],
                                                  in context: RunContext) {
        func mean(_ maps: SaliencyMaps, _ method: SaliencyMethod) -> String {
            let values = zip(maps.maps[method]!, pictures).compactMap { spearmanCorrelation($0, $1) }
            return values.isEmpty ? "undefined" : format(values.reduce(0, +) / Double(values.count), digits: 2)
        }
        let rows = [("trained", trained), ("all layers randomised", randomised)].map { name, maps in
            [name] + SaliencyMethod.allCases.map { mean(maps, $0) }
        }
        context.say("Spearman's ρ between each map and the image's own pixels (mean over the images): how much of a "
                    + "map the image alone explains:")
        context.say(table(["model"] + SaliencyMethod.allCases.map(\.label), rows))
    }

    private static func drawCascade(_ check: RandomizationCheck, in context: RunContext) throws {
        let x = (0...check.stages.count).map(Double.init)
        let series = SaliencyMethod.allCases.map { method in
            Series(method.label, x: x, y: [1] + check.stages.map { $0.meanCorrelation(method)?.mean ?? .nan },
                   style: .linesPoints)
        }
        try context.draw(Chart(
            name: "randomisation-cascade", title: context.chartTitle("逐层随机化权重后显著图与训练模型的秩相关"),
            content: .series(series),
            xAxis: Axis("layers randomised from the top: 1 fc2, 2 + fc1, 3 + conv2, 4 + conv1 (all)",
                        range: -0.2...Double(check.stages.count) + 0.2, tickStep: 1),
            yAxis: Axis("Spearman ρ with the trained model's map (mean over the images)", range: -1...1.05),
            legendPosition: "top right"))
    }
}
