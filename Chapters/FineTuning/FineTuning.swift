import Foundation
import Datasets
import DeepLearning
import Training
import Plotting

/// §4.3 预训练和微调: the article defines pre-training as learning from much unlabelled data and fine-tuning as a
/// new output layer plus part of the parameters trained on a small labelled set, and shows neither. This step
/// measures both readings (`FineTuningReading`) with the article's CNN: each `TransferMethod` on k labelled images
/// per class against training from scratch on the same images, over declared seeds.
public enum FineTuningStep: ConfigurableStep {
    public static let command = "fine-tuning"
    public static let section = ArticleSection.preTrainingAndFineTuning
    public static let abstract = "§4.3: pre-training without labels (rotations) and on classes 0–4, a new head, fine-tuning on k images per class against training from scratch."
    public static let discussion = """
        Two readings of pre-training, both with the article's CNN on Fashion-MNIST: self-supervised (the 55,000 fit \
        images without their labels, each shown at 0/90/180/270°, a 4-way head predicting the rotation) and \
        supervised transfer (the labelled images of classes 0–4; the fine-tuning task is classes 5–9). The head \
        is then replaced by a fresh one and the network trained on k = 1, 5, 20, 100, 1000 labelled images per \
        class (three draws, seeds 0, 1, 2) by a linear probe (body frozen), the last block + head, a full \
        fine-tune, and from scratch on the same images. Prints the model before and after the head is replaced, \
        which parameters are frozen, and the checksum of the frozen parameters before and after fine-tuning steps; \
        the table of test accuracy (mean ± sd over the seeds) and where pre-training stops helping; a chart of \
        test accuracy against k per reading. Without options it reads the committed results \
        (Plots/4.3-fine-tuning/runs/results.json); --train runs the whole experiment (about 16 minutes alone on 2 \
        cores; the pre-trained weights are saved as safetensors beside it and reused); --quick runs a small \
        budget into Plots/quick/ (CI).
        """

    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        var options = FineTuningOptions()
        options.quick = quick
        try run(options, in: context)
    }

    /// The folder of the recorded experiment, below the step's folder.
    public static let runsFolder = "runs"

    public static func run(_ options: FineTuningOptions, in context: RunContext) throws {
        try options.validate()
        // The thread rule of §5.2.3 (`KernelWorkers.splittingBatches`).
        try KernelWorkers.splittingBatches(options.threads) {
            let budget = options.budget
            let splits = try DataSplits.fashionMNIST(directory: options.dataDirectory)
            for line in splits.description { context.say(line) }
            if budget.pretrainingFitLimit > 0 { context.say("pre-training on the first \(budget.pretrainingFitLimit) fit images only") }
            let experiment = FineTuningExperiment(budget: budget, splits: splits)
            if options.train || options.quick {
                try trainAndRecord(experiment, quick: options.quick, in: context)
            } else {
                try readBack(experiment, in: context)
            }
        }
    }

    /// `--train` and `--quick`: both pre-trainings (or their saved weights), the demonstration, every run, the
    /// results file and record under runs/, the tables and charts.
    static func trainAndRecord(_ experiment: FineTuningExperiment, quick: Bool, in context: RunContext) throws {
        let budget = experiment.budget
        context.recordIn(runsFolder)
        context.seed(UInt64(budget.pretrainingSeed))
        context.blasThreads(blasThreadCount)
        context.parameter("kernel workers", .integer(KernelWorkers.count))
        context.parameter("budget", .text(String(decoding: try JSONEncoder().encode(budget), as: UTF8.self)))
        context.parameter("data", .list(experiment.splits.description.map { .text($0) }))
        var results = FineTuningResults(budget: budget)
        var pretrained: [FineTuningExperiment.Pretrained] = []
        for reading in FineTuningReading.allCases {
            context.heading("Pre-training: \(reading.label)")
            let body = try experiment.pretrained(reading, folder: context.directory, mayTrain: true,
                                                 showsProgress: !quick, say: context.say)!
            results.pretraining.append(body.outcome)
            pretrained.append(body)
            try demonstrate(body, experiment, in: context)
        }
        context.heading("Fine-tuning: \(budget.ks.count) k × \(budget.seeds.count) seeds × \(TransferMethod.allCases.count) methods per reading")
        let total = pretrained.count * budget.ks.count * budget.seeds.count * TransferMethod.allCases.count
        var bar = ProgressBar(label: "fine-tuning runs", total: total, unitName: "run")
        for body in pretrained {
            let test = experiment.testImages(body.reading)
            for k in budget.ks {
                for seed in budget.seeds {
                    for method in TransferMethod.allCases {
                        let run = try experiment.run(body, method: method, k: k, seed: seed, test: test)
                        results.runs.append(run)
                        bar.update(done: results.runs.count, status: String(
                            format: "%@ %@ k=%d seed %d: %.2f%%", body.reading.rawValue, method.rawValue, k, seed, 100 * run.testAccuracy))
                    }
                }
            }
        }
        bar.finish()
        try results.write(to: context.recordDirectory)
        context.say("results: \(relativeToWorkingDirectory(context.recordDirectory.appendingPathComponent(FineTuningResults.fileName)))")
        context.result("fine-tuning runs", .integer(results.runs.count))
        context.result("frozen checksums unchanged", .integer(results.runs.filter { $0.frozenChecksum != nil }.count))
        try narrate(results, quick: quick, in: context)
    }

    /// Without options: the committed results, and the demonstration on the saved weights when they are on disk.
    static func readBack(_ experiment: FineTuningExperiment, in context: RunContext) throws {
        let folder = context.recordsRoot.appendingPathComponent(folderName).appendingPathComponent(runsFolder)
        for reading in FineTuningReading.allCases {
            context.heading("The model before and after the head is replaced: \(reading.rawValue)")
            if let body = try experiment.pretrained(reading, folder: folder.deletingLastPathComponent(), mayTrain: false,
                                                    showsProgress: false, say: context.say) {
                try demonstrate(body, experiment, in: context)
            } else {
                // The safetensors files are not committed: without them the body's numbers are fresh ones, which
                // does not change what is shown (shapes, what is frozen, that frozen bits do not move).
                context.say("no pre-trained weights of this recipe on disk (*.safetensors are not committed; --train makes "
                            + "them): the demonstration uses freshly initialised weights in their place")
                var generator = RandomGenerator(seed: 0, stream: CNNTrainer.weightStream)
                let classes = reading == .selfSupervised ? RotationPretext.classNames.count : 5
                let model = CNNTrainer.articleCNN(experiment.inputShape, classes, &generator)
                let body = FineTuningExperiment.Pretrained(
                    reading: reading, cnn: PretrainedCNN(model: model), normalization: try experiment.normalization(reading),
                    outcome: FineTuningPretraining(reading: reading, steps: 0, trainingSeconds: 0, pretextValidationAccuracy: nil, reused: false))
                try demonstrate(body, experiment, in: context)
            }
        }
        context.heading("Records")
        guard let results = try FineTuningResults.read(from: folder) else {
            context.say("no results in \(relativeToWorkingDirectory(folder)): `.build/release/workbook fine-tuning --train` "
                        + "runs the experiment (about 16 minutes alone on 2 cores; Plots/4.3-fine-tuning/PLAN.md) and writes them")
            return
        }
        guard results.budget == experiment.budget else {
            context.say("\(relativeToWorkingDirectory(folder))/\(FineTuningResults.fileName) was made under another budget "
                        + "than this step's: left out; `workbook fine-tuning --train` records the current one")
            return
        }
        context.say("\(results.runs.count) runs in \(relativeToWorkingDirectory(folder))/\(FineTuningResults.fileName)")
        try narrate(results, quick: false, in: context)
    }

    /// The model before and after the head is replaced, which parameters each method freezes, and a few
    /// fine-tuning steps of the linear probe with the frozen parameters' checksum before and after.
    static func demonstrate(_ body: FineTuningExperiment.Pretrained, _ experiment: FineTuningExperiment,
                            in context: RunContext) throws {
        let input = [1] + experiment.inputShape
        let before = body.cnn.pretextModel(inputShape: experiment.inputShape)
        context.say("before: the pre-trained model, its head \(PretrainedCNN.headName) of \(body.cnn.pretextClasses) outputs")
        context.say(try ModelSummary(of: before, inputShape: input).description)
        let k = experiment.budget.ks.dropFirst().first ?? experiment.budget.ks[0]
        let images = try experiment.fewShotImages(body.reading, k: k, seed: 0)
        let trainer = try experiment.trainer(body, method: .linearProbe, images: images, seed: 0)
        context.say("after: a fresh \(images.classNames.count)-way \(PretrainedCNN.headName), the body frozen (linear probe)")
        context.say(try ModelSummary(of: trainer.model, inputShape: input).description)
        let methods = TransferMethod.allCases.filter(\.usesPretraining)
        context.say("which parameters train (✓) and which are frozen (–), per method:")
        context.say(table(["parameter", "shape"] + methods.map(\.rawValue), trainer.model.namedParameters().map { named in
            let layer = String(named.name.prefix { $0 != "." })
            return [named.name, named.parameter.shape.map(String.init).joined(separator: "×")]
                + methods.map { ($0.trainedLayers?.contains(layer) ?? true) ? "✓" : "–" }
        }))
        let head = trainer.model.layers.last!.parameters
        let (frozenBefore, headBefore) = (PretrainedCNN.frozenChecksum(of: trainer.model), PretrainedCNN.checksum(of: head))
        // One step per epoch: a k-image set can be a single batch.
        let losses = try (0 ..< 3).flatMap { try trainer.trainEpoch($0, maximumSteps: 1) }
        let (frozenAfter, headAfter) = (PretrainedCNN.frozenChecksum(of: trainer.model), PretrainedCNN.checksum(of: head))
        context.say("\(losses.count) linear-probe steps (Adam) on k = \(k) images per class (losses "
                    + losses.map { String(format: "%.4f", $0) }.joined(separator: ", ") + "); SHA-256 of the parameters:")
        context.say(table(["", "before", "after", ""], [
            ["frozen body (\(trainer.optimizer.store.frozenCount) numbers)", String(frozenBefore.prefix(16)),
             String(frozenAfter.prefix(16)), frozenBefore == frozenAfter ? "bit-identical" : "MOVED"],
            ["new head", String(headBefore.prefix(16)), String(headAfter.prefix(16)), headBefore == headAfter ? "unchanged" : "trained"],
        ]))
        guard frozenBefore == frozenAfter else { throw TrainingError("\(body.reading.rawValue): a frozen parameter moved") }
        context.result("\(body.reading.rawValue): frozen parameters bit-identical after \(losses.count) steps", .flag(true))
    }

    /// The pre-trainings, the table per reading, where the gap closes, and the charts.
    static func narrate(_ results: FineTuningResults, quick: Bool, in context: RunContext) throws {
        let budget = results.budget
        if quick { context.heading("The machinery on the quick budget (not results)") }
        for outcome in results.pretraining where !outcome.reused {
            context.say(String(format: "pre-training %@: %d steps, %.0f s", outcome.reading.rawValue, outcome.steps, outcome.trainingSeconds)
                        + (outcome.pretextValidationAccuracy.map { String(format: ", pretext validation accuracy %.2f%%", 100 * $0) } ?? ""))
        }
        for reading in FineTuningReading.allCases {
            context.heading("Test accuracy: \(reading.label), mean ± sd over seeds \(budget.seeds.map(String.init).joined(separator: ", "))")
            let gaps = results.gaps(reading)
            context.say(table(["k per class", "images"] + TransferMethod.allCases.map(\.label) + ["best pre-trained − scratch"],
                              budget.ks.map { k in
                [String(k), String(k * reading.downstreamClasses.count)]
                    + TransferMethod.allCases.map { method in
                        results.summary(reading, method, k: k).map {
                            String(format: "%.2f ± %.2f", 100 * $0.mean, 100 * $0.standardDeviation)
                        } ?? "–"
                    }
                    + [gaps.first { $0.k == k }.map { gap in
                        String(format: "%+.2f ", 100 * gap.difference) + (gap.standardError > 0
                            ? String(format: "(%.1f SE, %@)", gap.difference / gap.standardError, gap.method.rawValue)
                            : "(\(gap.method.rawValue); one seed, no SE)")
                    } ?? "–"]
            }))
            for k in budget.ks {
                for method in TransferMethod.allCases {
                    if let summary = results.summary(reading, method, k: k) {
                        context.result("\(reading.rawValue) \(method.rawValue) k=\(k): mean test accuracy", .number(summary.mean))
                    }
                }
            }
            if budget.seeds.count < 2 {
                context.say("one seed: no standard errors, so no verdict on where pre-training stops helping")
            } else if let closing = results.closingK(reading) {
                context.say("pre-training stops helping measurably (best pre-trained method within 2 SE of scratch, or behind) "
                            + "from k = \(closing) images per class on")
                context.result("\(reading.rawValue): gap closed from k", .integer(closing))
            } else if !gaps.isEmpty {
                context.say("the best pre-trained method stays more than 2 SE ahead of scratch at k = \(gaps.last!.k), the largest k measured")
            }
            try drawAccuracyAgainstK(results, reading, in: context)
        }
        let seconds = results.runs.reduce(0) { $0 + $1.trainingSeconds } + results.pretraining.reduce(0) { $0 + $1.trainingSeconds }
        context.say(String(format: "training time of the recorded experiment: %.1f minutes (evaluation excluded)", seconds / 60))
    }

    static func drawAccuracyAgainstK(_ results: FineTuningResults, _ reading: FineTuningReading, in context: RunContext) throws {
        let series = TransferMethod.allCases.compactMap { method -> Series? in
            let points = results.budget.ks.compactMap { k in results.summary(reading, method, k: k).map { (Double(k), 100 * $0.mean) } }
            return points.isEmpty ? nil : Series(method.label, x: points.map(\.0), y: points.map(\.1),
                                                 style: method == .scratch ? .dashedLines : .linesPoints)
        }
        guard !series.isEmpty else { return }
        let title = reading == .selfSupervised ? "自监督预训练（旋转预测）后微调：测试准确率与每类标注样本数"
                                               : "在类别 0–4 上有监督预训练、在 5–9 上微调：测试准确率与每类标注样本数"
        try context.draw(Chart(
            name: "accuracy-against-k-\(reading.rawValue)", title: context.chartTitle(title), content: .series(series),
            xAxis: Axis("labelled images per class, k (log scale)", logarithmic: true,
                        range: 0.7 * Double(results.budget.ks.min()!) ... 1.4 * Double(results.budget.ks.max()!)),
            yAxis: Axis("test accuracy (%, mean over seeds " + results.budget.seeds.map(String.init).joined(separator: ", ") + ")"),
            horizontalMarkers: [Marker(at: 100 / Double(reading.downstreamClasses.count), "chance")],
            legendPosition: "top left"))
    }
}
