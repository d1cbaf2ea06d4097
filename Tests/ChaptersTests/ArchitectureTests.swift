import Foundation
import Testing
@testable import Datasets
import DeepLearning
import Kernels
import Training
@testable import Chapters

/// §9.1's step: its rows and their records, attention rollout on a hand-built case, the block's FLOP formula, the
/// curves' crossing, and the quick and report modes end to end on small data.
struct ArchitectureTests {
    @Test func rowsAreNamedRecipesThatSurviveTheirRecords() throws {
        let names = ArchitectureRows.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Set(names).isDisjoint(with: AblationRow.all.map(\.name)))
        for row in ArchitectureRows.all {
            let data = try JSONEncoder().encode(row.recipe.recordParameters)
            let decoded = try JSONDecoder().decode([String: RecordValue].self, from: data)
            #expect(ImprovementRecipe(recordParameters: decoded) == row.recipe, "\(row.name)")
        }
        #expect(ArchitectureRows.comparison.allSatisfy { $0.seeds.count >= 3 })
        #expect(ArchitectureRows.subsets.map(\.recipe.fitSubset) == [1_000, 5_000, 1_000, 5_000, 1_000, 5_000])
        // A record made before "fit subset" existed (§5.3.3's committed grid) is a whole-fit-set recipe still.
        var old = AblationRow.named("baseline")!.recipe.recordParameters
        old["fit subset"] = nil
        #expect(ImprovementRecipe(recordParameters: old) == ImprovementRecipe())
    }

    /// The twin's arch-vit recipe as pytorch_train_reference.py's ROWS writes it (json.dumps: floats as floats),
    /// key for key: the workbook must read it as its own row's recipe, and refuse it with a changed epoch count.
    @Test func theTwinsRecipeIsTheRowsRecipe() throws {
        let twin: [String: Any] = [
            "model": "vit", "augmentation": ["crop", "flip"], "schedule": "warmup-cosine", "weight decay": 0.05,
            "optimizer": "AdamW", "label smoothing": 0.1, "test-time augmentation": false, "epochs": 3, "batch size": 64,
            "learning rate": 0.001, "fit subset": 0,
        ]
        let row = try #require(ArchitectureRows.named("arch-vit"))
        let run = try #require(AblationRun.read(try ImprovementsTests.pytorchResult(row.name, recipe: twin, seed: 1, tests: [80, 83, 85]),
                                                row: row, file: "p", command: ArchitectureStep.command))
        #expect(run.engine == .pytorch && run.testAccuracy == 0.85)
        var longer = twin
        longer["epochs"] = 4
        #expect(AblationRun.read(try ImprovementsTests.pytorchResult(row.name, recipe: longer, seed: 1, tests: [80, 83, 85, 86]),
                                 row: row, file: "p", command: ArchitectureStep.command) == nil)
    }

    /// Records are read back as runs of the step that wrote them: §9.1's with command "architecture", not §5.3.3's.
    @Test func workbookRecordsBelongToTheirStep() throws {
        let row = try #require(ArchitectureRows.named("arch-vit"))
        var record = ImprovementsTests.workbookRecord(row, seed: 0, accuracies: [0.8, 0.83, 0.85])
        record.peakResidentMiB = 412
        #expect(AblationRun.workbookRun(record, row: row, file: "x", command: ArchitectureStep.command) == nil)
        record.command = ArchitectureStep.command
        let run = try #require(AblationRun.workbookRun(record, row: row, file: "x", command: ArchitectureStep.command))
        #expect(run.peakResidentMiB == 412 && run.testAccuracy == 0.85)
    }

    /// The same 6-block, 4-head ViT has 72·C² + 158·C + 10 parameters (ArchitectureRows' comment derives it): 305,034
    /// at C = 64 (pinned against PyTorch in TransformerFixtureTests) and 173,482 at C = 48, which PyTorch counts for
    /// pytorch_models.SmallViT(dim=48) too; the ResNet's 174,970 (SmallModelsTests) is within 1% of it.
    @Test func theNarrowViTHasTheResNetsParameterCount() throws {
        let costs = try AblationTable.costs(of: ArchitectureRows.comparison)
        func formula(_ c: Int) -> Int { 72 * c * c + 158 * c + 10 }
        #expect(costs["arch-vit"]?.parameters == formula(64) && formula(64) == 305_034)
        #expect(costs["arch-vit-narrow"]?.parameters == formula(48) && formula(48) == 173_482)
        let resnet = try #require(costs["arch-resnet"]?.parameters)
        #expect(resnet == 174_970 && abs(Double(formula(48) - resnet)) / Double(resnet) < 0.01)
    }

    /// Two layers of 2 tokens. Layer 1's heads [[1, 0], [1, 0]] and [[0, 1], [1, 0]] average to [[.5, .5], [1, 0]];
    /// with the identity and each row renormalised, Â₁ = [[.75, .25], [.5, .5]]. Layer 2's two heads are both
    /// [[0, 1], [0, 1]]: Â₂ = [[.5, .5], [0, 1]]. R = Â₂·Â₁ = [[.5·.75 + .5·.5, .5·.25 + .5·.5], [.5, .5]]
    /// = [[.625, .375], [.5, .5]]; the class token's map over the one patch is [.375]. Sums of a few exact binary
    /// fractions: equal to the last bit.
    @Test func rolloutOnAHandBuiltCase() {
        let first: [Double] = [1, 0, 1, 0, /* head 2 */ 0, 1, 1, 0]
        let second: [Double] = [0, 1, 0, 1, /* head 2 */ 0, 1, 0, 1]
        let r = AttentionRollout.rollout([first, second], heads: 2, tokens: 2)
        #expect(r == [0.625, 0.375, 0.5, 0.5])
        #expect(AttentionRollout.classTokenMap(r, tokens: 2) == [0.375])
        // No layer: the identity (each token is only itself).
        #expect(AttentionRollout.rollout([], heads: 1, tokens: 2) == [1, 0, 0, 1])
        // A 2×2 patch grid over a 4×4 image: each pixel takes its patch's value.
        #expect(AttentionRollout.upsampled([1, 2, 3, 4], patchesPerSide: 2, imageSide: 4)
                == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    /// On the small ViT itself: one map of 49 patches per image, every rollout row a distribution (the product of
    /// row-stochastic matrices is row-stochastic), so the class token's map over the patches sums to below 1 (the
    /// rest stays on the class token). Tolerance: 6 layers of 50-term Float sums.
    @Test func rolloutOfTheSmallViT() throws {
        var generator = RandomGenerator(seed: 3)
        let model = Sequential<Float>.smallViT(generator: &generator)
        let inputs = Tensor<Float>(shape: [2, 1, 28, 28], scalars: Initialization.normal(count: 2 * 784, standardDeviation: 1,
                                                                                         generator: &generator))
        let maps = try AttentionRollout.classTokenMaps(of: model, inputs: inputs)
        #expect(maps.count == 2 && maps.allSatisfy { $0.count == 49 })
        for map in maps { #expect(map.allSatisfy { $0 > 0 } && map.reduce(0, +) < 1 + 1e-5) }
        #expect(AttentionRollout.attentionLayers(in: model).count == 6)
        #expect(model.isTraining)  // restored after the evaluation-mode pass
    }

    /// 24·T·C² + 4·T²·C per image and block (AttentionCost's comment), against what ModelSummary counts from the
    /// layers themselves, for a block and for the whole small ViT (6 blocks + the patch embedding's 2·49·16·64 +
    /// the head's 2·64·10: 33,432,832, the README's 33.4 MFLOPs); the T² share T/(6C + T).
    @Test func theBlocksFlopFormula() throws {
        var generator = RandomGenerator(seed: 0)
        for tokens in [17, 50, 197] {
            let block = Sequential<Float>.transformerBlock(name: "", dimension: 64, heads: 4, generator: &generator)
            let summary = try ModelSummary(of: block, inputShape: [1, tokens, 64])
            #expect(summary.forwardFlops == AttentionCost.forwardFlops(tokens: tokens, channels: 64))
            #expect(abs(AttentionCost.quadraticShare(tokens: tokens, channels: 64) - Double(tokens) / Double(6 * 64 + tokens)) < 1e-15)
        }
        #expect(AttentionCost.forwardFlops(tokens: 50, channels: 64) == 5_555_200)
        let vit = try ModelSummary(of: Sequential<Float>.smallViT(generator: &generator), inputShape: [1, 1, 28, 28])
        #expect(vit.forwardFlops == 6 * 5_555_200 + 2 * 49 * 16 * 64 + 2 * 64 * 10)
        #expect(AttentionCost.trainingFlops(tokens: 50, channels: 64) == 3 * 5_555_200)
    }

    /// 60 images of 3 classes, a subset of 30 (10 per class) repeated ⌊60/30⌋ = 2 times: 60 images, 20 per class,
    /// 30 distinct, and the seed's draw nested in its larger draws (§9.2's FewShotSubset).
    @Test func aSubsetRowTrainsOnARepeatedStratifiedSubset() throws {
        let labels = (0..<60).map { $0 % 3 }
        let images = LabeledImages(width: 2, height: 1, channels: 1, pixels: (0..<120).map { UInt8($0) }, labels: labels,
                                   classNames: ["a", "b", "c"])
        var recipe = ImprovementRecipe()
        #expect(try recipe.trainingImages(from: images, seed: 0).count == 60)  // no subset: every image
        recipe.fitSubset = 30
        let trained = try recipe.trainingImages(from: images, seed: 4)
        #expect(trained.count == 60)
        #expect((0..<3).allSatisfy { c in trained.labels.filter { $0 == c }.count == 20 })
        let firstPixels = stride(from: 0, to: 120, by: 2).map { trained.pixels[$0] }
        #expect(Set(firstPixels).count == 30)
        #expect(Array(firstPixels[0..<30]) == Array(firstPixels[30..<60]))
        recipe.fitSubset = 90
        #expect(throws: OptionError.self) { try recipe.trainingImages(from: images, seed: 0) }
    }

    /// ViT below the CNN at 1,000 images and above it from 5,000 on: the curves cross between 1,000 and 5,000; the
    /// ResNet leads the CNN everywhere: no crossing. Means of the declared seeds only. The noise: the CNN's two
    /// seeds at 55,000 (0.90, 0.92) give σ = 0.02/√2 = 0.01414, which the others borrow; two single runs then
    /// differ with SE √2·σ = 0.02. The ViT's lead of 0.05 at 5,000 is 2.5 SE (a crossing); the ResNet's sign
    /// changes against the ViT (+0.12, −0.03, +0.01 at 1,000, 5,000, 55,000) are inside 2 SE = 0.04 at 5,000
    /// and at 55,000 (n = 1 each): not crossings.
    @Test func curvesCrossWhereTheLeadChangesHands() throws {
        func run(_ row: String, seed: Int = 0, _ accuracy: Double) -> AblationRun {
            AblationRun(engine: .workbook, row: row, seed: seed, threads: 2,
                        epochs: [.init(seconds: 60, trainLoss: 1, validationLoss: 1, validationAccuracy: accuracy, testAccuracy: accuracy)],
                        file: row)
        }
        let runs = [run("arch-cnn-n1000", 0.80), run("arch-cnn-n5000", 0.85), run("arch-cnn", 0.90), run("arch-cnn", seed: 1, 0.92),
                    run("arch-vit-n1000", 0.70), run("arch-vit-n5000", 0.90), run("arch-vit", 0.93), run("arch-vit", seed: 7, 0.10),
                    run("arch-resnet-n1000", 0.82), run("arch-resnet-n5000", 0.87), run("arch-resnet", 0.94)]
        let curves = ArchitectureCurves(runs: runs, subsets: ArchitectureRows.subsets, comparison: ArchitectureRows.comparison,
                                        wholeFitSet: 55_000)
        let cnn = try #require(curves.curves.first { $0.model == .cnn })
        #expect(cnn.points.map(\.images) == [1_000, 5_000, 55_000] && abs(cnn.points[2].accuracy.mean - 0.91) < 1e-12)
        let vit = try #require(curves.curves.first { $0.model == .vit })
        #expect(vit.points[2].accuracy.mean == 0.93)  // seed 7 is not declared
        let lines = curves.crossings
        #expect(lines.count == 3)
        #expect(lines.first { $0.hasPrefix("cnn − vit") }?.hasSuffix("they cross between 1,000 and 5,000") == true)
        #expect(lines.first { $0.hasPrefix("cnn − resnet") }?.hasSuffix("the curves do not cross") == true)
        #expect(abs(try #require(curves.seedSpread(of: .cnn)) - 0.02 / 2.0.squareRoot()) < 1e-12)
        #expect(curves.seedSpread(of: .vit) == nil)
        #expect(lines.first { $0.hasPrefix("resnet − vit") }?.hasSuffix("the curves do not cross; the lead changes sign "
            + "between 1,000 and 5,000 and between 5,000 and 55,000 within 2 SE of one run's seed noise") == true,
                "\(lines)")
    }

    /// The maps survive their record (through JSON), and §8.3's images are read from its record's "images".
    @Test func attentionMapsSurviveTheRecordAndTheImagesComeFromSection83() throws {
        let maps = AttentionMaps(images: [0, 23], captions: ["correct #0", "wrong #23"], maps: [[0.1, 0.2], [0.3, 0.05]])
        let context = RunContext(step: ArchitectureStep.self, plotsRoot: FileManager.default.temporaryDirectory,
                                 rendersCharts: false, speaks: false)
        maps.record(in: context)
        let decoded = try JSONDecoder().decode(RunRecord.self, from: try JSONEncoder.records.encode(context.record))
        #expect(AttentionMaps(record: decoded) == maps)

        let root = FileManager.default.temporaryDirectory.appendingPathComponent("architecture-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(AttentionMaps.saliencyImages(recordsRoot: root) == nil)
        let saliency = RunContext(step: SaliencyStep.self, plotsRoot: root, rendersCharts: false)
        saliency.parameter("images", .list([.text("correct #0"), .text("Shirt, wrong #117")]))
        try saliency.writeRecord(wallTime: 0)
        let chosen = try #require(AttentionMaps.saliencyImages(recordsRoot: root))
        #expect(chosen.indices == [0, 117] && chosen.captions == ["correct #0", "Shirt, wrong #117"])
    }

    @Test func badOptionsGetOneLine() {
        var options = ArchitectureOptions()
        options.settings.train = true
        #expect(throws: OptionError("--train needs --row: one of " + ArchitectureOptions.rowNames)) { try options.validate() }
        options.settings.row = "arch-mlp"
        #expect(throws: OptionError("unknown row \"arch-mlp\"; rows: " + ArchitectureOptions.rowNames)) { try options.validate() }
        options.settings.row = "arch-vit-n1000"
        #expect(throws: Never.self) { try options.validate() }
        options.settings.train = false
        #expect(throws: OptionError("--row goes with --train (the table shows every row)")) { try options.validate() }
    }

    /// Quick mode's machinery on the ViT row (a debug build: one row; `workbook architecture --quick` runs every row
    /// in CI): its 2-epoch run reads back as a run of its recipe, and its rollout covers the explained images.
    @Test func aQuickViTRunReadsBackAndExplainsItsImages() throws {
        let train = try FashionMNIST.load(.train, verifyChecksums: false)
        // One step per epoch (64 images), 20 test images: the debug build runs the ViT's loops unoptimised.
        let test = try FashionMNIST.load(.test, verifyChecksums: false).subset(0..<20)
        let splits = DataSplits(fit: train.subset(0..<64), validation: train.subset(55000..<55010), test: test,
                                description: ["test"])
        let context = RunContext(step: ArchitectureStep.self, plotsRoot: FileManager.default.temporaryDirectory,
                                 rendersCharts: false, speaks: false)
        var options = ImprovementsOptions()
        options.threads = 1
        var maps: AttentionMaps?
        let row = ArchitectureRows.quickForm(ArchitectureRows.named("arch-vit")!)
        let runs = try KernelWorkers.splittingBatches(1) {
            try ImprovementsStep.quickRuns([row], splits: splits, options: options, in: context) { _, trainer in
                let chosen = try AttentionMaps.images(recordsRoot: context.directory, test: test) { try trainer.predict(test) }
                maps = try AttentionMaps.compute(trainer, test: test, indices: chosen.indices, captions: chosen.captions)
            }
        }
        #expect(runs.count == 1 && runs[0].epochs.count == 2)
        let explained = try #require(maps)
        #expect(!explained.images.isEmpty && explained.maps.count == explained.images.count)
        #expect(explained.maps.allSatisfy { $0.count == 49 })
    }

    /// The report without any record (an empty records root): it names what is missing, draws no accuracy, and
    /// still times the block at the three token counts.
    @Test func theReportWithoutRecordsSaysSo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("architecture-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let context = RunContext(step: ArchitectureStep.self, plotsRoot: root, rendersCharts: false, speaks: false)
        var options = ArchitectureOptions()
        options.settings.threads = 1
        try ArchitectureStep.run(options, in: context)
        #expect(!context.record.results.keys.contains { $0.hasSuffix("test accuracy") })
        #expect(Set(context.record.results.keys).isSuperset(of: ["block µs per image at T=17", "block µs per image at T=50",
                                                                 "block µs per image at T=197"]))
    }
}
