import Testing
import Datasets
import DeepLearning
import Training
@testable import Chapters

/// §2.1's prediction of a training step: the units, their bytes and GEMMs against hand derivations, and the
/// arithmetic that turns them into seconds at made-up speeds (no timing is asserted anywhere).
struct StepPredictionTests {
    /// conv (1→2, 3×3, padding 1), ReLU, 2×2 max pool, Flatten, fc (8→3) on a batch of 2 images of 1×4×4.
    static func smallModel() -> Sequential<Float> {
        var generator = RandomGenerator(seed: 0)
        return Sequential<Float>(layers: [
            Conv2d(name: "conv", inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, generator: &generator),
            ReLU(name: "relu"), MaxPool2d(name: "pool", kernelSize: 2), Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: 8, outputFeatures: 3, generator: &generator),
        ])
    }

    /// The small model's units run in execution order: the ReLU after the pool, on the pooled [2, 2, 2, 2] map.
    /// Bytes by MemoryTraffic's rules (4 bytes a float), n = input values, o = output values:
    /// - conv: n = 2·1·4·4 = 32, o = 2·2·4·4 = 64, columns c = N·C·K²·OH·OW = 2·9·16 = 288. Forward n + c + 2o =
    ///   448 floats = 1,792 bytes; backward, first layer (no input gradient): 2o + n + c = 448, 1,792 bytes.
    /// - pool: n = 64, o = 16: n + 2o = 96 floats each way, 384 bytes.
    /// - relu on n = 16: 2n = 32 floats forward (128 bytes), 3n = 48 backward (192 bytes).
    /// - flatten: 0. fc: o = 2·3 = 6: 2o = 12 floats forward (48 bytes), o = 6 backward (24 bytes).
    /// - loss on 6 logits: 2·6 floats = 48 bytes. Optimizer: conv 2·9 + 2 = 20 and fc 8·3 + 3 = 27 parameters,
    ///   47 × 9 floats × 4 = 1,692 bytes.
    @Test func theSmallModelsBytesByHand() throws {
        let model = Self.smallModel()
        let units = try TimingUnit.units(of: model, inputShape: [2, 1, 4, 4])
        #expect(units.map(\.path) == ["conv", "pool", "relu", "flatten", "fc"])
        #expect(units.map(\.inputShape) == [[2, 1, 4, 4], [2, 2, 4, 4], [2, 2, 2, 2], [2, 2, 2, 2], [2, 8]])
        let traffic = try units.map { try MemoryTraffic.of($0.layer, inputShape: $0.inputShape) }
        #expect(traffic.map(\.forwardBytes) == [1792, 384, 128, 0, 48])
        #expect(traffic.map(\.backwardBytes) == [1792, 384, 192, 0, 24])
        #expect(MemoryTraffic.loss(logits: 6).bytes == 48 && MemoryTraffic.optimizer(parameters: 47).bytes == 1692)
    }

    /// The same model at made-up speeds: every GEMM shape runs at k GFLOP/s (its inner dimension, so that a shape
    /// read from the wrong layer or direction shows), the memory at 1 GB/s (1 byte per ns). GEMMs by hand:
    /// conv fwd 2×32×9 (one group of both images, 2·16 columns) = 1,152 FLOPs at 9 GFLOP/s = 128 ns, dW
    /// 2×9×32 = 1,152 at 32 = 36 ns, no dX (first layer); fc fwd 2×3×8 = 96 FLOPs at 8 = 12 ns, dW 3×8×2 at 2 =
    /// 48 ns, dX 2×8×3 at 3 = 32 ns. Per unit, ns: conv 164 + 3,584 = 3,748; pool 768; relu 320; flatten 0; fc
    /// 92 + 72 = 164; loss 48; optimizer 1,692: 6,740 ns in all.
    @Test func thePredictionAtMadeUpSpeeds() throws {
        let prediction = try StepPrediction(model: Self.smallModel(), inputShape: [2, 1, 4, 4],
                                            gemmSpeed: { Double($0.k) }, bandwidth: 1)
        #expect(prediction.parts.map(\.name) == ["conv", "pool", "relu", "flatten", "fc", "loss", "optimizer"])
        #expect(prediction.parts.map { $0.gemmFlops } == [2304, 0, 0, 0, 288, 0, 0])
        let nanoseconds = prediction.parts.map { $0.seconds * 1e9 }
        let expected: [Double] = [3748, 768, 320, 0, 164, 48, 1692]
        // Sums of a few terms like 1152/9e9: a few ulps of rounding, far below 1e-9 of a nanosecond.
        #expect(zip(nanoseconds, expected).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(abs(prediction.seconds * 1e9 - 6740) < 1e-9)
    }

    /// The ResNet's units: the stem's three layers, each basic block whole (its convolutions' GEMMs inside it),
    /// then the head; every GEMM of the step belongs to exactly one unit.
    @Test func theResNetsUnitsAreItsBlocks() throws {
        var generator = RandomGenerator(seed: 0)
        let model = Sequential<Float>.smallResNet(generator: &generator)
        let units = try TimingUnit.units(of: model, inputShape: [64, 1, 28, 28])
        #expect(units.map(\.path) == ["conv1", "bn1", "relu", "layer1.0", "layer1.1", "layer2.0", "layer2.1",
                                      "layer3.0", "layer3.1", "avgpool", "flatten", "fc"])
        let layers = try trainingStepGemmsByLayer(of: model, inputShape: [64, 1, 28, 28])
        #expect(layers.allSatisfy { layer in units.filter { $0.contains(layer.path) }.count == 1 })
        #expect(layers.filter { units[5].contains($0.path) }.map(\.path)
                == ["layer2.0.conv1", "layer2.0.conv2", "layer2.0.downsample.0"])
    }

    /// An identity basic block (16→16 channels, stride 1) on [1, 16, 4, 4] by MemoryTraffic's rules, with
    /// n = o = 256 and columns c = 16·9·16 = 2,304 per convolution: each conv forward n + c + 2o = 3,072 floats,
    /// backward (input gradient: 16 output channels ≤ 64 at stride 1, the transposed path, whose im2col(dY) is
    /// OC·K²·H·W = 16·9·16 = 2,304) 2o + n + c + 2,304 + n = 5,632; each batch norm 5n = 1,280 both ways; the
    /// inner ReLU 2n = 512 / 3n = 768; the join 3o = 768 forward, 3o + 3n = 1,536 backward. Forward 2·3,072 +
    /// 2·1,280 + 512 + 768 = 9,984 floats, backward 2·5,632 + 2·1,280 + 768 + 1,536 = 16,128.
    @Test func anIdentityBasicBlockByHand() throws {
        var generator = RandomGenerator(seed: 0)
        let block = BasicBlock<Float>(name: "b", inputChannels: 16, outputChannels: 16, generator: &generator)
        let traffic = try MemoryTraffic.of(block, inputShape: [1, 16, 4, 4])
        #expect(traffic == MemoryTraffic(forwardBytes: 4 * 9984, backwardBytes: 4 * 16128))
    }

    /// The step timed layer by layer is the trainer's step: 1 warm-up and 2 timed steps leave the weights bitwise
    /// where 3 plain `trainEpoch` steps leave them (same initial weights, batches, Adam), the trainer's clock has
    /// counted 3 steps, and the parts are the prediction's.
    @Test func theLayerByLayerStepIsTheTrainersStep() throws {
        let images = LabeledImages(width: 4, height: 4, channels: 1, pixels: (0..<12 * 16).map { UInt8($0 * 37 % 251) },
                                   labels: (0..<12).map { $0 % 3 }, classNames: ["a", "b", "c"])
        func trained(layerByLayer: Bool) throws -> (weights: [Float], steps: Int, parts: [String]) {
            let model = Self.smallModel()
            let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(),
                                      optimizer: DeepLearning.Adam(ParameterStore(model), learningRate: 0.01))
            let loader = DataLoader(images, batchSize: 4, producers: 0)
            var parts: [String] = []
            if layerByLayer {
                let measured = try MeasuredStep.measure(model, trainer: trainer, source: loader, epoch: 0, warmup: 1,
                                                        steps: 2)
                parts = measured.parts.map(\.name)
            } else {
                try trainer.trainEpoch(loader, epoch: 0, maximumSteps: 3)
            }
            return (model.namedParameters().flatMap { Array($0.parameter.values) }, trainer.state.globalStep, parts)
        }
        let timed = try trained(layerByLayer: true), plain = try trained(layerByLayer: false)
        #expect(timed.weights == plain.weights && timed.steps == 3 && plain.steps == 3)
        #expect(timed.parts == ["conv", "pool", "relu", "flatten", "fc", "loss", "optimizer"])
    }
}
