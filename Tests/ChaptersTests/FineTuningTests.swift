import Foundation
import Testing
import Datasets
import DeepLearning
import Training
@testable import Chapters

/// §4.3: the rotation pretext, the k-per-class draws, the head replacement and the freezing, on cases worked by hand.
struct FineTuningTests {
    // MARK: Rotations

    /// One quarter turn counter-clockwise, by hand: [[1, 2], [3, 4]] → [[2, 4], [1, 3]] (numpy's rot90), and the
    /// 3×3 case [[1, 2, 3], [4, 5, 6], [7, 8, 9]] → [[3, 6, 9], [2, 5, 8], [1, 4, 7]]; two turns reverse the
    /// pixels, three are one turn clockwise.
    @Test func quarterTurnsByHand() {
        let square = [1, 2, 3, 4]
        #expect(RotationPretext.rotated(square, height: 2, width: 2, quarterTurns: 1) == [2, 4, 1, 3])
        #expect(RotationPretext.rotated(square, height: 2, width: 2, quarterTurns: 3) == [3, 1, 4, 2])
        let nine = Array(1...9)
        #expect(RotationPretext.rotated(nine, height: 3, width: 3, quarterTurns: 1) == [3, 6, 9, 2, 5, 8, 1, 4, 7])
        #expect(RotationPretext.rotated(nine, height: 3, width: 3, quarterTurns: 2) == Array(nine.reversed()))
        #expect(RotationPretext.rotated(nine, height: 3, width: 3, quarterTurns: 3) == [7, 4, 1, 8, 5, 2, 9, 6, 3])
        #expect(RotationPretext.rotated(nine, height: 3, width: 3, quarterTurns: 0) == nine)
        // A 2×3 image turns into 3×2: [[1, 2, 3], [4, 5, 6]] → [[3, 6], [2, 5], [1, 4]].
        #expect(RotationPretext.rotated(Array(1...6), height: 2, width: 3, quarterTurns: 1) == [3, 6, 2, 5, 1, 4])
        // Channels move with their pixel: HWC [[(1, 10), (2, 20)], [(3, 30), (4, 40)]].
        #expect(RotationPretext.rotated([1, 10, 2, 20, 3, 30, 4, 40], height: 2, width: 2, channels: 2, quarterTurns: 1)
                == [2, 20, 4, 40, 1, 10, 3, 30])
    }

    /// Four quarter turns are the identity, bit for bit, on a 28×28 image of distinct bytes and on a non-square one;
    /// and turning by t then by 4 − t as well.
    @Test func fourTurnsAreTheIdentity() {
        let image = (0 ..< 784).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        var turned = image
        for _ in 0 ..< 4 { turned = RotationPretext.rotated(turned, height: 28, width: 28, quarterTurns: 1) }
        #expect(turned == image)
        #expect(RotationPretext.rotated(image, height: 28, width: 28, quarterTurns: 4) == image)
        for t in 1 ..< 4 {
            let once = RotationPretext.rotated(image, height: 28, width: 28, quarterTurns: t)
            #expect(once != image)
            #expect(RotationPretext.rotated(once, height: 28, width: 28, quarterTurns: 4 - t) == image)
        }
        let wide = Array(0 ..< 15)
        var w = wide, (h, wd) = (3, 5)
        for _ in 0 ..< 4 {
            w = RotationPretext.rotated(w, height: h, width: wd, quarterTurns: 1)
            (h, wd) = (wd, h)
        }
        #expect(w == wide)
    }

    /// The pretext set: image 4i + t is image i turned t times, labelled t; the class labels are gone.
    @Test func pretextImagesAreTheFourRotations() {
        let images = LabeledImages(width: 2, height: 2, channels: 1, pixels: [1, 2, 3, 4, 5, 6, 7, 8], labels: [7, 3],
                                   classNames: (0 ..< 10).map(String.init))
        let pretext = RotationPretext.pretextImages(images)
        #expect(pretext.count == 8)
        #expect(pretext.labels == [0, 1, 2, 3, 0, 1, 2, 3])
        #expect(pretext.classNames == ["0°", "90°", "180°", "270°"])
        #expect(Array(pretext.imageBytes(at: 0)) == [1, 2, 3, 4])
        #expect(Array(pretext.imageBytes(at: 1)) == [2, 4, 1, 3])
        #expect(Array(pretext.imageBytes(at: 2)) == [4, 3, 2, 1])
        #expect(Array(pretext.imageBytes(at: 7)) == [7, 5, 8, 6])
    }

    // MARK: k-per-class draws

    /// 300 images of 10 classes (30 each, interleaved): exactly k of each class, the same for the same seed, nested
    /// across k, another set for another seed; too large a k is a one-line error.
    @Test func drawsAreStratifiedDeterministicAndNested() throws {
        let labels = (0 ..< 300).map { $0 % 10 }
        let classes = Array(0 ..< 10)
        for k in [1, 5, 20] {
            let drawn = try FewShotSubset.indices(labels: labels, classes: classes, perClass: k, seed: 1)
            #expect(drawn.count == 10 * k && Set(drawn).count == drawn.count && drawn == drawn.sorted())
            for c in classes { #expect(drawn.filter { labels[$0] == c }.count == k) }
            #expect(try FewShotSubset.indices(labels: labels, classes: classes, perClass: k, seed: 1) == drawn)
        }
        let one = Set(try FewShotSubset.indices(labels: labels, classes: classes, perClass: 1, seed: 2))
        let five = Set(try FewShotSubset.indices(labels: labels, classes: classes, perClass: 5, seed: 2))
        #expect(one.isSubset(of: five))
        // 30 choose 5 per class, ten classes: two seeds drawing the same 50 images is not a thing that happens.
        #expect(try FewShotSubset.indices(labels: labels, classes: classes, perClass: 5, seed: 0)
                != FewShotSubset.indices(labels: labels, classes: classes, perClass: 5, seed: 1))
        #expect(throws: OptionError("class 0 has 30 images, fewer than k = 31")) {
            try FewShotSubset.indices(labels: labels, classes: classes, perClass: 31, seed: 0)
        }
    }

    /// Classes 5–9 become a 5-way task's labels 0–4, named as before.
    @Test func downstreamClassesAreRelabelled() {
        let images = LabeledImages(width: 1, height: 1, channels: 1, pixels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
                                   labels: Array(0 ..< 10), classNames: (0 ..< 10).map { "c\($0)" })
        let task = FineTuningReading.supervisedTransfer.downstreamImages(images)
        #expect(task.labels == [0, 1, 2, 3, 4] && task.pixels == [5, 6, 7, 8, 9])
        #expect(task.classNames == ["c5", "c6", "c7", "c8", "c9"])
        #expect(FineTuningReading.supervisedTransfer.pretrainingImages(from: images).labels == [0, 1, 2, 3, 4])
        #expect(FineTuningReading.supervisedTransfer.pretrainingImages(from: images).pixels == [0, 1, 2, 3, 4])
    }

    // MARK: The new head and the frozen body

    /// A pre-trained CNN for 1×8×8 inputs (fc1 sees 128·2·2 = 512 features) with a 4-way head.
    private func pretrained() -> PretrainedCNN {
        var generator = RandomGenerator(seed: 11)
        return PretrainedCNN(model: CNNTrainer.articleCNN([1, 8, 8], 4, &generator))
    }

    /// The new head is a 10-way Linear [10, 128] + [10], drawn fresh: the first draws of the run's generator (the
    /// body's numbers come from the pre-trained tensors, not from it), inside PyTorch's bound 1/√128, not the old
    /// head's; the body keeps its tensors.
    @Test func theReplacedHeadHasTheNewShapeAndFreshParameters() throws {
        let body = pretrained()
        var generator = RandomGenerator(seed: 5)
        let model = body.fineTuningModel(inputShape: [1, 8, 8], classes: 10, method: .full, generator: &generator)
        let head = try #require(model.layers.last as? Linear<Float>)
        #expect(head.name == "fc2" && head.weight.shape == [10, 128] && head.bias?.shape == [10])
        var expected = RandomGenerator(seed: 5)
        let fresh = Linear<Float>(name: "fc2", inputFeatures: 128, outputFeatures: 10, generator: &expected)
        #expect(head.weight.value == fresh.weight.value && head.bias?.value == fresh.bias?.value)
        let bound = 1 / Float(128).squareRoot()
        #expect(head.weight.value.scalars.allSatisfy { abs($0) <= bound })
        for named in model.namedParameters() where !named.name.hasPrefix("fc2") {
            #expect(named.parameter.value == body.tensors[named.name], "\(named.name)")
        }
        #expect(body.tensors["fc2.weight"]?.shape == [4, 128])
        #expect(try model.outputShape(for: [3, 1, 8, 8]) == [3, 10])
    }

    /// Fine-tuning steps (Adam through the Trainer, as every run) leave each frozen parameter bit-identical and
    /// move each trained one: the linear probe trains fc2 only, the last block fc1 and fc2.
    @Test func frozenParametersAreBitIdenticalAfterFineTuningSteps() throws {
        let body = pretrained()
        var data = RandomGenerator(seed: 3)
        let inputs = Tensor<Float>(shape: [6, 1, 8, 8], scalars: (0 ..< 384).map { _ in data.nextUnitFloat() })
        let labels = [0, 1, 2, 3, 4, 0]
        for method in [TransferMethod.linearProbe, .lastBlock] {
            var generator = RandomGenerator(seed: 9)
            let model = body.fineTuningModel(inputShape: [1, 8, 8], classes: 5, method: method, generator: &generator)
            let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                      optimizer: Adam(ParameterStore(model), learningRate: 0.01))
            let before = model.namedParameters().map { ($0.name, $0.parameter.values.map(\.bitPattern)) }
            let checksum = PretrainedCNN.frozenChecksum(of: model)
            for _ in 0 ..< 3 { try trainer.step(inputs, labels) }
            for (named, (name, bits)) in zip(model.namedParameters(), before) {
                let layer = String(name.prefix { $0 != "." })
                let trained = method.trainedLayers!.contains(layer)
                #expect(named.parameter.requiresGradient == trained, "\(method) \(name)")
                if trained {
                    #expect(named.parameter.values.map(\.bitPattern) != bits, "\(method) \(name) should train")
                } else {
                    #expect(named.parameter.values.map(\.bitPattern) == bits, "\(method) \(name) moved")
                }
            }
            #expect(PretrainedCNN.frozenChecksum(of: model) == checksum)
        }
    }

    /// The checksum sees a single flipped bit of a frozen parameter.
    @Test func theChecksumSeesOneBit() {
        var generator = RandomGenerator(seed: 1)
        let model = pretrained().fineTuningModel(inputShape: [1, 8, 8], classes: 3, method: .linearProbe, generator: &generator)
        let before = PretrainedCNN.frozenChecksum(of: model)
        let weight = model.namedParameters()[0].parameter
        weight.values[7] = Float(bitPattern: weight.values[7].bitPattern ^ 1)
        #expect(PretrainedCNN.frozenChecksum(of: model) != before)
        #expect(before.count == 64)
    }

    /// Saved and read back under the same recipe; another recipe's file is not reused.
    @Test func pretrainedWeightsRoundTripThroughSafetensors() throws {
        let body = pretrained()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fine-tuning-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try body.save(to: url, recipe: "r1")
        let loaded = try #require(try PretrainedCNN.load(from: url, recipe: "r1"))
        #expect(loaded.tensors == body.tensors && loaded.pretextClasses == 4)
        #expect(try PretrainedCNN.load(from: url, recipe: "r2") == nil)
    }

    // MARK: Budget and results

    /// max(100 steps, 2 epochs) in batches of min(64, n): 10 images → 1 batch per epoch, 100 epochs; 200 → 4
    /// batches, 25 epochs; 1,000 → 16 batches, 7 epochs (112 steps); 10,000 → 157 batches, 2 epochs.
    @Test func fineTuningLengths() {
        let budget = FineTuningBudget.full
        #expect(budget.batchSize(images: 10) == 10 && budget.epochs(images: 10) == 100)
        #expect(budget.batchSize(images: 200) == 64 && budget.epochs(images: 200) == 25)
        #expect(budget.epochs(images: 1000) == 7)
        #expect(budget.epochs(images: 10_000) == 2)
    }

    /// Means ± sd per cell, the gap best-pre-trained − scratch in standard errors, and where it closes: at k = 1
    /// the probe leads by 20 points (sd 1, SE of the difference √(1/3 + 1/3)·1 = 0.82), at k = 5 by 1 point
    /// with sd 2 (SE 1.63: closed), at k = 20 scratch leads (closed): closed from k = 5.
    @Test func gapsAndWhereTheyClose() {
        var results = FineTuningResults(budget: {
            var budget = FineTuningBudget.full
            budget.ks = [1, 5, 20]
            return budget
        }())
        func add(_ method: TransferMethod, _ k: Int, _ values: [Double]) {
            for (seed, value) in values.enumerated() {
                results.runs.append(FineTuningRun(reading: .selfSupervised, method: method, k: k, seed: seed, steps: 1,
                                                  trainingSeconds: 1, testAccuracy: value, frozenChecksum: nil))
            }
        }
        add(.linearProbe, 1, [0.59, 0.60, 0.61]); add(.scratch, 1, [0.39, 0.40, 0.41])
        add(.linearProbe, 5, [0.68, 0.70, 0.72]); add(.scratch, 5, [0.67, 0.69, 0.71])
        add(.full, 20, [0.79, 0.80, 0.81]); add(.scratch, 20, [0.80, 0.81, 0.82])
        let gaps = results.gaps(.selfSupervised)
        #expect(gaps.map(\.k) == [1, 5, 20] && gaps.map(\.method) == [.linearProbe, .linearProbe, .full])
        #expect(abs(gaps[0].difference - 0.20) < 1e-12 && abs(gaps[0].standardError - (2.0 / 3).squareRoot() * 0.01) < 1e-12)
        #expect(!gaps[0].isClosed && gaps[1].isClosed && gaps[2].isClosed)
        #expect(results.closingK(.selfSupervised) == 5)
        #expect(results.closingK(.supervisedTransfer) == nil)
        #expect(results.summary(.selfSupervised, .lastBlock, k: 1) == nil)
    }
}
