import Foundation
import Datasets
import DeepLearning
import Training

/// §3.3 模型构建 and §3.4 训练过程: "前向传播 … 反向传播 … 参数更新": one training step of the CNN, layer by layer.
///
/// Forward: each layer's input and output shape and its output's mean and range, with one convolution output
/// recomputed by hand (Σ w·x + b over its 3×3 window). The loss of the first image by hand
/// (−log softmax(z)[t]). Backward: the gradient each layer sends to the one before it; fc2's bias gradient
/// against its closed form (1/N) Σₙ (softmax(zₙ) − onehot(tₙ)). Update: Adam's first step on one weight,
/// m₁ = (1 − β₁)g, v₁ = (1 − β₂)g², m̂₁ = g, v̂₁ = g², Δw = −α·g/(|g| + ε) ≈ −α·sign(g).
public enum TrainingStepWalkthrough {
    /// What one layer did in the step.
    public struct LayerTrace: Sendable {
        public var name: String
        public var typeName: String
        public var inputShape: [Int]
        public var outputShape: [Int]
        public var outputMean: Double
        public var outputRange: ClosedRange<Float>
        /// The shape of ∂L/∂input this layer sends back ([0] for the first layer: nobody needs it).
        public var inputGradientShape: [Int]
        /// √Σ(∂L/∂input)² (0 for the first layer).
        public var inputGradientNorm: Double
        /// √Σ(∂L/∂p)² over this layer's parameters (0 without parameters).
        public var parameterGradientNorm: Double
    }

    /// Everything the step computed.
    public struct Trace: Sendable {
        public var layers: [LayerTrace]
        public var loss: Float
        public var logits: Tensor<Float>
        /// conv1's output at (image 0, channel 0, row, column) from the layer and recomputed by hand in Double.
        public var convolutionCheck: (row: Int, column: Int, layer: Float, byHand: Double)
        /// −log softmax(z₀)[t₀] for the first image, in Double.
        public var firstImageLoss: Double
        /// ∂L/∂fc2.bias from backward and from its closed form, in Double.
        public var biasGradient: (backward: [Float], closedForm: [Double])
        /// conv1.weight[0, 0, 0, 0]: before, gradient, Adam's moments after the step, after.
        public var weightUpdate: (before: Float, gradient: Float, m: Float, v: Float, after: Float)
    }

    /// Runs one step of `model` (the article's layer order) on `images` [N, C, H, W] with `labels`, with Adam at
    /// `learningRate`.
    ///
    /// The step is the trainer's, with its forward and backward passes unrolled layer by layer so that each layer
    /// can be looked at; the update is `Trainer.update` (hooks, then Adam), as in every training run.
    public static func run(_ model: Sequential<Float>, images: Tensor<Float>, labels: [Int],
                           learningRate: Double = 0.001) throws -> Trace {
        model.train()
        let optimizer = try DeepLearning.Adam(ParameterStore(model), learningRate: learningRate)
        let trainer = try Trainer(model: model, loss: CrossEntropyLoss<Float>(), optimizer: optimizer)
        optimizer.zeroGradients()
        var traces: [LayerTrace] = []
        var x = images
        for layer in model.layers {
            let output = try layer.forward(x)
            traces.append(LayerTrace(name: layer.name, typeName: layer.typeName, inputShape: x.shape,
                                     outputShape: output.shape, outputMean: mean(output.scalars),
                                     outputRange: output.scalars.min()!...output.scalars.max()!,
                                     inputGradientShape: [], inputGradientNorm: 0, parameterGradientNorm: 0))
            x = output
        }
        let logits = x
        let loss = try trainer.loss.loss(logits, labels)
        var gradient = loss.gradient
        for (index, layer) in model.layers.enumerated().reversed() {
            gradient = try layer.backward(gradient)
            traces[index].inputGradientShape = gradient.shape
            traces[index].inputGradientNorm = norm(gradient.scalars)
            traces[index].parameterGradientNorm = norm(layer.parameters.flatMap { $0.gradient.scalars })
        }

        let conv1 = model.layers[0] as! Conv2d<Float>
        let (height, width) = (images.shape[2], images.shape[3])
        let (row, column) = (height / 2, width / 2)
        var byHand = Double(conv1.bias!.value.scalars[0])
        for channel in 0..<images.shape[1] {
            for ky in 0..<3 {
                for kx in 0..<3 {
                    let (y, xx) = (row + ky - 1, column + kx - 1)
                    guard (0..<height).contains(y), (0..<width).contains(xx) else { continue }
                    byHand += Double(conv1.weight.value[0, channel, ky, kx]) * Double(images[0, channel, y, xx])
                }
            }
        }
        let convolutionLayer = try conv1.forward(images)  // the same input again: the same output
        let convolutionCheck = (row, column, convolutionLayer[0, 0, row, column], byHand)
        _ = try model.forward(images)  // restore what backward kept, so the model is as after the step's forward

        let classes = logits.shape[1], batch = logits.shape[0]
        let probabilities = (0..<batch).map { n in softmax((0..<classes).map { Double(logits[n, $0]) }) }
        let firstImageLoss = -log(probabilities[0][labels[0]])
        let closedForm = (0..<classes).map { k in
            (0..<batch).reduce(0.0) { $0 + probabilities[$1][k] - (labels[$1] == k ? 1 : 0) } / Double(batch)
        }
        let fc2 = model.layers.last as! Linear<Float>
        let before = conv1.weight.value.scalars[0], weightGradient = conv1.weight.gradient.scalars[0]
        let biasGradient = fc2.bias!.gradient.scalars
        try trainer.update(loss: loss.value, batchSize: batch)
        return Trace(layers: traces, loss: loss.value, logits: logits, convolutionCheck: convolutionCheck,
                     firstImageLoss: firstImageLoss, biasGradient: (biasGradient, closedForm),
                     weightUpdate: (before, weightGradient, optimizer.firstMoments[0].scalars[0],
                                    optimizer.secondMoments[0].scalars[0], conv1.weight.value.scalars[0]))
    }

    static func softmax(_ z: [Double]) -> [Double] {
        let top = z.max()!
        let e = z.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    static func mean(_ values: [Float]) -> Double { values.reduce(0.0) { $0 + Double($1) } / Double(max(values.count, 1)) }
    static func norm(_ values: [Float]) -> Double { values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
}

/// `workbook training-step`: §3.3–3.4 narrated.
public enum TrainingStepWalkthroughStep: DataStep {
    public static let command = "training-step"
    public static let seedHelp = "Seed of the initial weights and of the first batch (as `workbook training --seed`)."
    public static let section = ArticleSection.trainingProcess
    public static let abstract = "§3.3–3.4: one training step of the CNN layer by layer: shapes, forward values, the gradient each layer sends back, Adam's update."
    public static let discussion = """
        Takes the first batch (64 images) that `workbook training --seed 0` trains on and the same initial \
        weights, and runs one step layer by layer: each layer's input and output shapes and output statistics, \
        one convolution output recomputed by hand, the cross-entropy of the first image by hand, then backward: \
        the gradient each layer sends to the one before it, fc2's bias gradient against its closed form \
        mean(softmax − onehot), and Adam's first update of conv1.weight[0,0,0,0] term by term.
        """

    public static func run(_ options: DataStepOptions, in context: RunContext) throws {
        let (dataDirectory, seed) = (options.dataDirectory, options.seed)
        context.seed(seed)
        let splits = try DataSplits.fashionMNIST(directory: dataDirectory)
        let statistics = InputNormalization(try ChannelStatistics(of: splits.fit))
        let loader = DataLoader(splits.fit, batchSize: 64, shuffle: true, normalization: statistics, seed: seed,
                                producers: 0)
        guard let batch = try loader.batches(epoch: 0).next() else { return }
        var generator = RandomGenerator(seed: seed, stream: CNNTrainer.weightStream)
        let model = CNNTrainer.model(inputShape: [1, 28, 28], classes: 10, generator: &generator)
        context.heading("§3.3 the model: input layer, hidden layers, output layer")
        context.say("input: a batch of \(batch.count) images [\(batch.images.shape.map(String.init).joined(separator: ", "))], normalised (x − \(format(statistics.mean[0], digits: 4)))/\(format(statistics.std[0], digits: 4)); "
                    + "the first batch of `workbook training --seed \(seed)` (fit images \(batch.indices.prefix(4).map(String.init).joined(separator: ", ")), …)")
        context.say("hidden: conv → ReLU → pool, twice, then fc1 → ReLU; output: fc2's 10 logits (softmax lives in the loss).")
        let trace = try TrainingStepWalkthrough.run(model, images: batch.images, labels: batch.labels)

        context.heading("§3.4 forward propagation")
        context.say(table(["layer", "input", "output", "output mean", "output range"], trace.layers.map { layer in
            ["\(layer.name) (\(layer.typeName))", layer.inputShape.shapeDescription, layer.outputShape.shapeDescription,
             format(layer.outputMean, digits: 4), "[\(format(Double(layer.outputRange.lowerBound), digits: 4)), \(format(Double(layer.outputRange.upperBound), digits: 4))]"]
        }))
        let c = trace.convolutionCheck
        context.say("conv1 at image 0, channel 0, pixel (\(c.row), \(c.column)): b + Σ_{3×3} w·x = \(format(c.byHand, digits: 8)) by hand, \(format(Double(c.layer), digits: 8)) from the layer")
        let z = (0..<10).map { Double(trace.logits[0, $0]) }
        let label = batch.labels[0]
        context.say("image 0 (label \(label), \(splits.classNames[label])): logits " + z.map { format($0, digits: 3) }.joined(separator: " "))
        context.say("  softmax p[\(label)] = e^{z\(subscriptDigits(label))}/Σe^{z} = \(format(TrainingStepWalkthrough.softmax(z)[label], digits: 5)),  loss −log p = \(format(trace.firstImageLoss, digits: 6))  (ln 10 = \(format(log(10.0), digits: 6)) for a uniform guess)")
        context.say("batch loss = mean over the \(batch.count) images = \(format(Double(trace.loss), digits: 7))  (the first step of `workbook training --seed \(seed)`)")
        context.result("loss", .number(Double(trace.loss)))

        context.heading("§3.4 backward propagation: the gradient each layer sends back")
        context.say(table(["layer", "∂L/∂input shape", "‖∂L/∂input‖", "‖∂L/∂parameters‖"], trace.layers.reversed().map { layer in
            ["\(layer.name) (\(layer.typeName))",
             layer.inputGradientShape == [0] ? "— (input is data)" : layer.inputGradientShape.shapeDescription,
             layer.inputGradientShape == [0] ? "—" : format(layer.inputGradientNorm, digits: 4),
             layer.parameterGradientNorm == 0 ? "—" : format(layer.parameterGradientNorm, digits: 4)]
        }))
        context.say("ReLU passes the gradient where its output was positive; max pooling sends it to the maximum of each 2×2 window;")
        context.say("conv1 computes no input gradient: nobody needs ∂L/∂image (PyTorch skips it too).")
        let b = trace.biasGradient
        context.say("∂L/∂fc2.bias = (1/N) Σₙ (softmax(zₙ) − onehot(tₙ)):")
        context.say("  backward:    " + b.backward.map { format(Double($0), digits: 5) }.joined(separator: " "))
        context.say("  closed form: " + b.closedForm.map { format($0, digits: 5) }.joined(separator: " "))
        context.result("max |bias gradient − closed form|", .number(zip(b.backward, b.closedForm).map { abs(Double($0) - $1) }.max()!))

        context.heading("§3.4 parameter update: Adam's first step on conv1.weight[0, 0, 0, 0]")
        let w = trace.weightUpdate, g = Double(w.gradient)
        context.say("w₀ = \(format(Double(w.before), digits: 8)),  g = ∂L/∂w = \(format(g, digits: 8))")
        context.say("m₁ = (1 − 0.9)·g = \(format(0.1 * g, digits: 8))  (optimizer: \(format(Double(w.m), digits: 8)));  v₁ = (1 − 0.999)·g² = \(format(0.001 * g * g, digits: 8))  (optimizer: \(format(Double(w.v), digits: 8)))")
        context.say("m̂₁ = m₁/(1 − 0.9) = g,  v̂₁ = v₁/(1 − 0.999) = g²,  Δw = −0.001·m̂₁/(√v̂₁ + 1e-8) = −0.001·g/(|g| + 1e-8) = \(format(-0.001 * g / (abs(g) + 1e-8), digits: 8))")
        context.say("w₁ = \(format(Double(w.after), digits: 8))  (w₁ − w₀ = \(format(Double(w.after) - Double(w.before), digits: 6)) in Float): every weight moves by ≈ α on the first step, whatever its gradient's size.")
        context.result("conv1.weight[0] change", .number(Double(w.after) - Double(w.before)))
    }
}
