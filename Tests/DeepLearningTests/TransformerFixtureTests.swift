import Foundation
import Testing
@testable import DeepLearning

// The Transformer's kernels, layers, block and a small ViT against PyTorch float64 (transformer.json, written by
// make_transformer_fixtures.py): forward on the fixture's input, backward on its upstream gradient, and the output,
// the input gradient and every parameter gradient compared.
//
// Tolerances, in Double. Each result is a chain of rounded operations; every rounding contributes at most 2ε of
// the magnitude it works at (`roundingTolerance`), and through a chain the errors add. Element-wise formulas
// (GELU) are compared with a few operations' worth; sums (LayerNorm over C, softmax over T, attention's
// products over hs and T) with their number of terms; the block and the ViT with every stage's terms counted
// forward and backward, relative to the compared tensor's largest magnitude, times 10 for the cancellation in
// LayerNorm's backward (g − mean(g) − x̂·mean(g·x̂), terms up to 1 + max|x̂|² ≲ 10 times the result). All are at
// or below 1e-12 of the tensor's scale; a wrong index or a missing term is wrong at 1e-3 or more.
//
// Float. The same cases run in Float against the same float64 values with the same operation counts times
// Float's ε (2⁻²³ instead of 2⁻⁵²): the rounding analysis is the same, only the unit changes, so the bound is
// 2²⁹ ≈ 5e8 times the Double one, ≈ 5e-4 of the scale for the block.

private let fixture: Fixture = try! Fixture.load("transformer.json")

/// Sets every parameter of `layer` from the fixture tensor of the same named_parameters() name.
private func load<Scalar>(_ layer: some Layer<Scalar>, from stored: Fixture.Case) throws {
    for named in layer.namedParameters() { named.parameter.value = try stored.tensor(named.name, as: Scalar.self) }
}

/// Forward on "input", backward on "upstream"; the output, input gradient and every parameter gradient against
/// PyTorch within `tolerance` of each tensor's largest magnitude.
private func expectMatchesPyTorch<Scalar>(_ layer: some Layer<Scalar>, _ stored: Fixture.Case, tolerance: Double,
                                          sourceLocation: SourceLocation = #_sourceLocation) throws {
    try load(layer, from: stored)
    for parameter in layer.parameters { parameter.zeroGradient() }
    let output = try layer.forward(try stored.tensor("input", as: Scalar.self))
    let inputGradient = try layer.backward(try stored.tensor("upstream", as: Scalar.self))
    func compare(_ actual: [Scalar], _ name: String) throws {
        let expected = try stored.values(name)
        expectClose(actual.map(Double.init), expected, tolerance: tolerance, scale: largestMagnitude(expected),
                    "\(stored.name) in \(Scalar.self): \(name)", sourceLocation: sourceLocation)
    }
    #expect(output.shape == (try stored.tensor("output")).shape, sourceLocation: sourceLocation)
    try compare(output.scalars, "output")
    try compare(inputGradient.scalars, "grad_input")
    for named in layer.namedParameters() { try compare(named.parameter.gradient.scalars, "grad_" + named.name) }
}

/// Accumulated terms of the block [B, T, C] forward and backward: norm1 (2C + 10, the two passes and x̂), qkv
/// (C), attention (hs for the scores, T for the softmax, T for P·V), proj (C), the residual (1), norm2, fc1 (C),
/// GELU (10), fc2 (4C), the residual; each counted forward and again backward (the input gradients sum as many
/// terms), plus the longest weight-gradient sum (B·T rows).
private func blockOperations(channels c: Int, heads: Int, tokens t: Int, rows: Int) -> Int {
    let stages = [2 * c + 10, c, c / heads + 2 * t, c, 1, 2 * c + 10, c, 10, 4 * c, 1]
    return 2 * stages.reduce(0, +) + rows
}

@Suite("Transformer kernels, layers and the ViT against PyTorch (transformer.json)")
struct TransformerFixtureTests {
    /// LayerNorm(6): the mean and variance sum 6 terms each, x̂ and y ~10 more operations, backward two more sums
    /// of 6: ~40 operations, ×10 for the cancellation (see the header): 40·2ε·10 ≈ 2e-13.
    @Test func layerNorm() throws {
        let stored = try fixture.case("layer_norm")
        try expectMatchesPyTorch(LayerNorm<Double>(name: "", channels: try stored.integer("channels")), stored,
                                 tolerance: 10 * roundingTolerance(operations: 40))
    }

    /// GELU, erf form (nn.GELU(), PyTorch's default) and tanh form: ~8 operations per element and per
    /// derivative. Compared relative to max|output| (6 here), not element by element: for x ≪ 0, 1 + erf(x/√2)
    /// cancels to ~1e-9, so an ulp of erf near −1 is a large part of a tiny result, in PyTorch as here.
    @Test(arguments: [("gelu_none", GELUApproximation.none), ("gelu_tanh", .tanh)])
    func gelu(_ name: String, _ approximation: GELUApproximation) throws {
        try expectMatchesPyTorch(GELU<Double>(name: "", approximation: approximation), try fixture.case(name),
                                 tolerance: roundingTolerance(operations: 8))
    }

    /// softmax over 7 entries: the maximum, 7 exponentials summed, a division; backward a sum of 7 products:
    /// ~20 operations of magnitude ≤ 1 (entries up to ±4 exponentiate to e⁸: relative to the row's scale).
    @Test func softmax() throws {
        let stored = try fixture.case("softmax")
        let input = try stored.tensor("input")
        let (rows, columns) = (input.shape[0], input.shape[1])
        var output: [Double] = [], inputGradient: [Double] = []
        softmaxForward(input.scalars, rows: rows, columns: columns, output: &output)
        softmaxBackward(output: output, outputGradient: try stored.values("upstream"), rows: rows, columns: columns,
                        inputGradient: &inputGradient)
        let tolerance = roundingTolerance(operations: 20)
        let expected = try stored.values("output"), expectedGradient = try stored.values("grad_input")
        expectClose(output, expected, tolerance: tolerance, scale: largestMagnitude(expected), "softmax output")
        expectClose(inputGradient, expectedGradient, tolerance: tolerance, scale: largestMagnitude(expectedGradient),
                    "softmax grad_input")
    }

    /// Attention on qkv [2, 5, 24], 2 heads of 4: scores sum hs = 4 products, the softmax 5 exponentials, P·V 5
    /// products; backward four more products of ≤ 5 terms and the softmax's row sum: ~60 operations.
    @Test(arguments: ["attention", "attention_causal"])
    func attention(_ name: String) throws {
        let stored = try fixture.case(name)
        let shape = AttentionShape(batch: try stored.integer("batch"), tokens: try stored.integer("tokens"),
                                   channels: try stored.integer("channels"), heads: try stored.integer("heads"),
                                   causal: try stored.integer("causal") == 1)
        var saved = AttentionSaved<Double>(), output: [Double] = [], inputGradient: [Double] = []
        let qkv = try stored.values("qkv")
        attentionForward(qkv: qkv, shape: shape, saved: &saved, output: &output)
        attentionBackward(outputGradient: try stored.values("upstream"), qkv: qkv, shape: shape, saved: &saved,
                          inputGradient: &inputGradient)
        let tolerance = roundingTolerance(operations: 60)
        for (actual, key) in [(output, "output"), (saved.probabilities, "probabilities"), (inputGradient, "grad_qkv")] {
            let expected = try stored.values(key)
            expectClose(actual, expected, tolerance: tolerance, scale: largestMagnitude(expected), "\(name): \(key)")
        }
    }

    /// The whole pre-norm block (dimension 8, 2 heads, MLP 32) built by `Sequential.transformerBlock`, every
    /// parameter from the fixture by its PyTorch name: blockOperations = 2·(26 + 8 + 14 + 8 + 1 + 26 + 8 + 10 +
    /// 32 + 1) + 10 = 278 terms, ×10: 278·2ε·10 ≈ 1.2e-12 in Double (the 1e-12 target, to rounding);
    /// in Float the same count gives ≈ 6.6e-4.
    @Test func transformerBlock() throws {
        let stored = try fixture.case("transformer_block")
        let (c, heads) = (try stored.integer("dimension"), try stored.integer("heads"))
        let input = try stored.tensor("input").shape
        let operations = blockOperations(channels: c, heads: heads, tokens: input[1], rows: input[0] * input[1])
        func block<Scalar>(_: Scalar.Type) -> Sequential<Scalar> {
            var generator = RandomGenerator(seed: 1)
            let block = Sequential<Scalar>.transformerBlock(name: "", dimension: c, heads: heads,
                                                            mlpRatio: try! stored.integer("mlp_ratio"),
                                                            generator: &generator)
            block.needsInputGradient = true
            return block
        }
        let double = block(Double.self)
        #expect(double.namedParameters().map(\.name) == ["norm1.weight", "norm1.bias", "attn.qkv.weight",
                "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias", "norm2.weight", "norm2.bias",
                "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias"])
        try expectMatchesPyTorch(double, stored, tolerance: 10 * roundingTolerance(operations: operations))
        try expectMatchesPyTorch(block(Float.self), stored,
                                 tolerance: 10 * roundingTolerance(operations: operations, for: Float.self))
    }

    /// A ViT on 8×8 images, patch 4 (4 tokens + the class token), 2 blocks of dimension 8: the patch embedding
    /// (16 products), the token embedding (1), two blocks, the final norm and the head (8), forward and backward.
    @Test func visionTransformer() throws {
        let stored = try fixture.case("vision_transformer")
        let c = try stored.integer("dimension"), heads = try stored.integer("heads")
        let patch = try stored.integer("patch_size"), image = try stored.integer("image_size")
        let tokens = (image / patch) * (image / patch) + 1, batch = try stored.tensor("input").shape[0]
        let operations = 2 * (patch * patch + 1 + 2 * c + 10 + c) + 2 * blockOperations(
            channels: c, heads: heads, tokens: tokens, rows: batch * tokens)
        func model<Scalar>(_: Scalar.Type) throws -> VisionTransformer<Scalar> {
            var generator = RandomGenerator(seed: 1)
            let model = VisionTransformer<Scalar>(imageSize: image, patchSize: patch, dimension: c,
                                                  depth: try stored.integer("depth"), heads: heads,
                                                  classes: try stored.integer("classes"), generator: &generator)
            model.needsInputGradient = true
            return model
        }
        try expectMatchesPyTorch(try model(Double.self), stored, tolerance: 10 * roundingTolerance(operations: operations))
        try expectMatchesPyTorch(try model(Float.self), stored,
                                 tolerance: 10 * roundingTolerance(operations: operations, for: Float.self))
    }

    struct SmallViTDescription: Decodable {
        var namedParameters: [ModuleTreeTests.Named]
        var parameterCount: Int
        var forwardFlopsPerImage: Int
        enum CodingKeys: String, CodingKey {
            case namedParameters = "named_parameters", parameterCount = "parameter_count"
            case forwardFlopsPerImage = "forward_flops_per_image"
        }
    }
    struct Document: Decodable {
        var smallVit: SmallViTDescription
        enum CodingKeys: String, CodingKey { case smallVit = "small_vit" }
    }

    /// The workbook's ViT (`VisionTransformer.small`) against pytorch_models.SmallViT: names, shapes and order
    /// of named_parameters(), the parameter count, and the forward FLOPs (Linear and Conv2d from PyTorch's shapes
    /// plus attention's 4·T²·C per block, counted by hooks in the fixture script).
    /// By hand: per block 2·128 (norms) + 12,480 (qkv) + 4,160 (proj) + 16,640 (fc1) + 16,448 (fc2) = 49,984,
    /// ×6 = 299,904; patch_embed 16·64 + 64 = 1,088; cls_token 64; pos_embed 50·64 = 3,200; norm 128; head 650:
    /// 305,034.
    @Test func smallViTIsPyTorchs() throws {
        let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: Fixture.url(of: "transformer.json")))
        let expected = document.smallVit
        var generator = RandomGenerator(seed: 1)
        let model = VisionTransformer<Float>.small(generator: &generator)
        let named = model.namedParameters().map { ModuleTreeTests.Named(name: $0.name, shape: $0.parameter.shape) }
        #expect(named == expected.namedParameters)
        #expect(expected.parameterCount == 305_034)
        let summary = try ModelSummary(of: model, inputShape: [1, 1, 28, 28])
        #expect(summary.totalParameterCount == expected.parameterCount)
        #expect(ParameterStore(model).count == expected.parameterCount)
        #expect(summary.forwardFlops == expected.forwardFlopsPerImage)
        #expect(try model.forward(Tensor(shape: [2, 1, 28, 28], repeating: 0.5)).shape == [2, 10])
    }
}
