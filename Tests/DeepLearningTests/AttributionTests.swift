import Foundation
import Testing
@testable import DeepLearning

/// The saliency methods of Sources/DeepLearning/Attribution against independent answers: central differences in
/// Double for the gradients (GradientCheck's step and threshold, whose sizes that file derives), closed forms for
/// occlusion and Grad-CAM on hand-built models whose answers follow from their weights.
@Suite("Attribution: input gradients, SmoothGrad, occlusion, Grad-CAM")
struct AttributionTests {
    /// The article's CNN in miniature (conv, ReLU, pool twice, then two linear layers) for 1×8×8 images, 4 classes:
    /// every kind of layer the real one has, small enough for a central difference on every input pixel.
    static func smallCNN<Scalar: KernelScalar>(_: Scalar.Type = Scalar.self, seed: UInt64) -> Sequential<Scalar> {
        var generator = RandomGenerator(seed: seed)
        return Sequential(layers: [
            Conv2d(name: "conv1", inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, generator: &generator),
            ReLU(name: "relu1"), MaxPool2d(name: "pool1", kernelSize: 2),
            Conv2d(name: "conv2", inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, generator: &generator),
            ReLU(name: "relu2"), MaxPool2d(name: "pool2", kernelSize: 2),
            Flatten(name: "flatten"),
            Linear(name: "fc1", inputFeatures: 3 * 2 * 2, outputFeatures: 8, generator: &generator), ReLU(name: "relu3"),
            Linear(name: "fc2", inputFeatures: 8, outputFeatures: 4, generator: &generator),
        ])
    }

    static func randomInputs<Scalar: KernelScalar>(_ shape: [Int], seed: UInt64) -> Tensor<Scalar> {
        var generator = RandomGenerator(seed: seed)
        return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Scalar(2 * generator.nextUnitDouble() - 1) })
    }

    /// Image n's score for class c from a forward pass.
    static func score(_ logits: Tensor<Double>, image n: Int, class c: Int) -> Double { logits.scalars[n * logits.shape[1] + c] }

    @Test("∂y_c/∂input of every image equals central differences of its class score (Double)")
    func inputGradientMatchesCentralDifferences() throws {
        let model = Self.smallCNN(Double.self, seed: 3)
        GradientCheck.randomizeParameters(of: model, seed: 4)
        var inputs: Tensor<Double> = Self.randomInputs([3, 1, 8, 8], seed: 5)
        let classes = [2, 0, 3]
        let pass = try ClassScoreGradients(of: model, inputs: inputs, classes: classes)
        #expect(pass.inputGradient.shape == inputs.shape)
        let h = GradientCheck.step, pixels = 64
        var largest = 0.0
        for i in inputs.scalars.indices {
            let n = i / pixels, original = inputs.scalars[i]
            inputs.scalars[i] = original + h
            let plus = Self.score(try model.forward(inputs), image: n, class: classes[n])
            inputs.scalars[i] = original - h
            let minus = Self.score(try model.forward(inputs), image: n, class: classes[n])
            inputs.scalars[i] = original
            largest = max(largest, GradientCheck.error(pass.inputGradient.scalars[i], (plus - minus) / (2 * h)))
        }
        #expect(largest < GradientCheck.threshold, "largest relative error \(largest)")
    }

    @Test("∂y_c/∂(relu2's output) equals central differences through the rest of the model (Double)")
    func featureGradientMatchesCentralDifferences() throws {
        let model = Self.smallCNN(Double.self, seed: 6)
        GradientCheck.randomizeParameters(of: model, seed: 7)
        let inputs: Tensor<Double> = Self.randomInputs([2, 1, 8, 8], seed: 8)
        let classes = [1, 3], featureLayer = 4
        let pass = try ClassScoreGradients(of: model, inputs: inputs, classes: classes, featureLayer: featureLayer)
        var features = try #require(pass.features)
        let gradient = try #require(pass.featureGradient)
        #expect(features.shape == [2, 3, 4, 4] && gradient.shape == features.shape)
        func head(_ x: Tensor<Double>) throws -> Tensor<Double> {
            try model.layers[(featureLayer + 1)...].reduce(x) { try $1.forward($0) }
        }
        // Only where relu2's output is positive: at its exact zeros a pool2 window can hold several equal
        // maxima, where the head is not differentiable (a central difference there measures the mean of two
        // one-sided slopes, not the gradient backward routes to the window's first maximum).
        let h = GradientCheck.step, perImage = features.count / 2
        let checked = features.scalars.indices.filter { features.scalars[$0] > 0 }
        #expect(checked.count > features.count / 4, "\(checked.count) positive features of \(features.count)")
        var largest = 0.0
        for i in checked {
            let n = i / perImage, original = features.scalars[i]
            features.scalars[i] = original + h
            let plus = Self.score(try head(features), image: n, class: classes[n])
            features.scalars[i] = original - h
            let minus = Self.score(try head(features), image: n, class: classes[n])
            features.scalars[i] = original
            largest = max(largest, GradientCheck.error(gradient.scalars[i], (plus - minus) / (2 * h)))
        }
        #expect(largest < GradientCheck.threshold, "largest relative error \(largest)")
    }

    @Test("the pass leaves the model as training needs it: no weight gradient, flags restored")
    func passLeavesTheModelAsItWas() throws {
        let model = Self.smallCNN(Float.self, seed: 9)
        let inputs: Tensor<Float> = Self.randomInputs([2, 1, 8, 8], seed: 10)
        _ = try ClassScoreGradients(of: model, inputs: inputs, classes: [0, 1], featureLayer: 4)
        #expect(model.parameters.allSatisfy { $0.requiresGradient && $0.gradient.scalars.allSatisfy { $0 == 0 } })
        #expect(model.isTraining && !model.needsInputGradient && !model.layers[0].needsInputGradient)
    }

    @Test("SmoothGrad with σ = 0 is exactly the plain input gradient")
    func smoothGradWithoutNoiseIsTheGradient() throws {
        // Exact, not within a tolerance: with σ = 0 each sample is the same batch through the same kernels (bit for
        // bit the same gradient), 3 equal Floats add exactly in Double (26 bits of 53) and (3g)/3 rounds back to g.
        let model = Self.smallCNN(Float.self, seed: 11)
        let inputs: Tensor<Float> = Self.randomInputs([3, 1, 8, 8], seed: 12)
        let classes = [3, 1, 0]
        let plain = try ClassScoreGradients(of: model, inputs: inputs, classes: classes).inputGradient
        var generator = RandomGenerator(seed: 13)
        let smooth = try SmoothGrad(noiseStandardDeviation: 0, samples: 3)
            .gradients(of: model, inputs: inputs, classes: classes, generator: &generator)
        #expect(smooth == plain)
        #expect(plain.scalars.contains { $0 != 0 })
    }

    @Test("SmoothGrad of a linear model is its weight row, whatever the noise")
    func smoothGradOfALinearModelIsItsWeights() throws {
        // y = W·flatten(x) + b has ∂y_c/∂x = W[c] at every x, so noise cannot move it. Exact: backward computes
        // 1·W[c,j] + 0·(the other rows), and the Double mean of equal values is exact (as above).
        var generator = RandomGenerator(seed: 14)
        let linear = Linear<Float>(name: "fc", inputFeatures: 16, outputFeatures: 3, generator: &generator)
        let model = Sequential<Float>(layers: [Flatten(name: "flatten"), linear])
        let inputs: Tensor<Float> = Self.randomInputs([2, 1, 4, 4], seed: 15)
        let smooth = try SmoothGrad(noiseStandardDeviation: 1, samples: 5)
            .gradients(of: model, inputs: inputs, classes: [2, 0], generator: &generator)
        let weights = linear.weight.value.scalars
        #expect(Array(smooth.scalars[0..<16]) == Array(weights[32..<48]))
        #expect(Array(smooth.scalars[16..<32]) == Array(weights[0..<16]))
    }

    @Test("occlusion positions cover the whole axis, the last one flush with the edge")
    func occlusionCorners() {
        #expect(Occlusion(patchSize: 6, stride: 2, fill: 0).corners(along: 28) == Array(stride(from: 0, through: 22, by: 2)))
        #expect(Occlusion(patchSize: 6, stride: 4, fill: 0).corners(along: 28) == [0, 4, 8, 12, 16, 20, 22])
        #expect(Occlusion(patchSize: 5, stride: 5, fill: 0).corners(along: 4) == [0])
    }

    @Test("occlusion on a linear model that looks at one patch only: the drop is known in closed form")
    func occlusionOfAOnePatchModel() throws {
        // Logits [s, 0] with s = Σ of the 2×2 top-left pixels (weights 1 there, 0 elsewhere, no bias), so
        // p₀ = σ(s) and p₁ = 1 − σ(s). A 2×2 patch with stride 2 covers each pixel exactly once: over the top-left
        // block it sets s to 4v, so the drop there is σ(s) − σ(4v) for class 0 and σ(4v) − σ(s) for class 1; any
        // other position leaves the logits bit for bit as they were, a drop of exactly 0. The tolerance, 1e-15, is a
        // few ulps of numbers below 1: the step's softmax and the closed form's 1/(1 + e^−s) round differently.
        var unused = RandomGenerator(seed: 0)  // every weight is set by hand below
        let fc = Linear<Double>(name: "fc", inputFeatures: 16, outputFeatures: 2, generator: &unused)
        var weight = [Double](repeating: 0, count: 32)
        for pixel in [0, 1, 4, 5] { weight[pixel] = 1 }
        fc.weight.value = Tensor(shape: [2, 16], scalars: weight)
        fc.bias!.value = Tensor(shape: [2], repeating: 0)
        let model = Sequential<Double>(layers: [Flatten(name: "flatten"), fc])
        let inputs: Tensor<Double> = Self.randomInputs([2, 1, 4, 4], seed: 16)
        let fill = -0.3
        let drops = try Occlusion(patchSize: 2, stride: 2, fill: fill).drops(of: model, inputs: inputs, classes: [0, 1])
        #expect(drops.shape == [2, 4, 4])
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        for n in 0..<2 {
            let s = [0, 1, 4, 5].reduce(0) { $0 + inputs.scalars[n * 16 + $1] }
            let drop = n == 0 ? sigmoid(s) - sigmoid(4 * fill) : sigmoid(4 * fill) - sigmoid(s)
            for pixel in 0..<16 {
                let value = drops.scalars[n * 16 + pixel]
                if [0, 1, 4, 5].contains(pixel) {
                    #expect(abs(value - drop) < 1e-15, "image \(n) pixel \(pixel): \(value) against \(drop)")
                } else {
                    #expect(value == 0, "image \(n) pixel \(pixel)")
                }
            }
            #expect(abs(drop) > 0.01)
        }
    }

    @Test("occlusion with overlapping patches averages the drops of the patches covering each pixel")
    func occlusionAveragesOverlappingPatches() throws {
        // One input pixel (the centre of 3×3) has weight 1: a 2×2 patch with stride 1 takes 4 positions, all
        // covering the centre, so its drop is the full σ(s) − σ(v), and a corner pixel is covered by one of them,
        // which hides the centre too: its drop is the same. Every pixel's mean is that one value.
        var unused = RandomGenerator(seed: 0)  // every weight is set by hand below
        let fc = Linear<Double>(name: "fc", inputFeatures: 9, outputFeatures: 2, generator: &unused)
        var weight = [Double](repeating: 0, count: 18)
        weight[4] = 1
        fc.weight.value = Tensor(shape: [2, 9], scalars: weight)
        fc.bias!.value = Tensor(shape: [2], repeating: 0)
        let model = Sequential<Double>(layers: [Flatten(name: "flatten"), fc])
        let inputs = Tensor<Double>(shape: [1, 1, 3, 3], scalars: [0, 0, 0, 0, 2, 0, 0, 0, 0])
        let drops = try Occlusion(patchSize: 2, stride: 1, fill: 0).drops(of: model, inputs: inputs, classes: [0])
        let expected = 1 / (1 + exp(-2.0)) - 0.5
        #expect(drops.scalars.allSatisfy { abs($0 - expected) < 1e-15 }, "\(drops.scalars) against \(expected)")
    }

    @Test("Grad-CAM on a hand-built model: α_k is the mean of the head's weights on map k, the map ReLU(Σ α_k A_k)")
    func gradCAMOfAHandBuiltModel() throws {
        // A 1×1 convolution with weights +1 and −1 gives A₀ = relu(x) and A₁ = relu(−x); the head y = V·flatten(A)
        // has ∂y/∂A_k = V_k, whose means are α₀ = (1 + 3 + 2 + 2)/4 = 2 and α₁ = (−1 − 5 − 3 − 3)/4 = −3. So the map
        // is ReLU(2·relu(x) − 3·relu(−x)): 2x where x > 0, 0 elsewhere. Every number is dyadic, so exactly.
        var unused = RandomGenerator(seed: 0)  // every weight is set by hand below
        let conv = Conv2d<Double>(name: "conv", inputChannels: 1, outputChannels: 2, kernelSize: 1, generator: &unused)
        conv.weight.value = Tensor(shape: [2, 1, 1, 1], scalars: [1, -1])
        conv.bias!.value = Tensor(shape: [2], repeating: 0)
        let head = Linear<Double>(name: "head", inputFeatures: 8, outputFeatures: 1, generator: &unused)
        head.weight.value = Tensor(shape: [1, 8], scalars: [1, 3, 2, 2, -1, -5, -3, -3])
        head.bias!.value = Tensor(shape: [1], scalars: [0.5])
        let model = Sequential<Double>(layers: [conv, ReLU(name: "relu"), Flatten(name: "flatten"), head])
        let inputs = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, -2, 0.5, -0.25])
        let pass = try ClassScoreGradients(of: model, inputs: inputs, classes: [0], featureLayer: 1)
        let map = GradCAM.maps(from: pass)
        #expect(map.shape == [1, 2, 2])
        #expect(map.scalars == [2, 0, 1, 0])
    }
}
