import Testing
@testable import DeepLearning

// The ResNet and DenseNet blocks against PyTorch float64 (blocks.json, written by make_block_fixtures.py): every
// parameter and running statistic set from the fixture by its state_dict name, forward on the fixture's input,
// backward on its upstream gradient; the output, the input gradient, every parameter gradient and every running
// statistic after the step must equal PyTorch's.
//
// Tolerance. A block is a chain of stages, each a sum of terms: a convolution output sums C·K² products, batch
// norm's mean and variance sum M = N·H·W values each (2M + 10 roundings for x̂, as the BatchNorm2d fixture test
// derives), its backward two more sums of M, a weight gradient sums N·OH·OW products. Every rounding contributes at
// most 2ε of the magnitude it works at (see `roundingTolerance`), and through the chain the errors add, so
// `chainOperations` counts the accumulated terms of every stage forward and backward. Errors are measured against
// the largest magnitude of the compared tensor, times 10: batch norm's backward γ/σ·(dy − mean(dy) −
// x̂·mean(dy·x̂)) cancels terms up to (1 + max|x̂|²) times its result (inputs within 3σ: ≤ 10). That is ~1e-12 of
// each tensor's scale here; a wrong index, a missing branch or a misplaced ReLU is wrong at order 1e-2 or more.

/// Accumulated terms of a block's forward and backward passes: each stage's sum counted once forward and once
/// backward (its input gradient sums as many terms), plus the longest parameter-gradient sum (over M positions).
private func chainOperations(stages: [Int], positions: Int) -> Int {
    2 * stages.reduce(0, +) + positions
}

/// Sets every parameter and buffer of `layer` from the fixture tensor of the same state_dict name (the batch
/// counter, an int64 in PyTorch, is not in the fixture and starts at 0 here as there).
private func load(_ layer: some Layer<Double>, from stored: Fixture.Case) throws {
    for named in layer.namedParameters() { named.parameter.value = try stored.tensor(named.name) }
    for named in layer.namedBuffers() where !named.name.hasSuffix("num_batches_tracked") {
        named.parameter.value = try stored.tensor(named.name)
    }
}

/// Runs the case through `layer` and compares everything the fixture holds.
private func expectMatchesPyTorch(_ layer: some Layer<Double>, _ stored: Fixture.Case, operations: Int,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    try load(layer, from: stored)
    layer.isTraining = try stored.integer("training") == 1
    for parameter in layer.parameters { parameter.zeroGradient() }
    let output = try layer.forward(try stored.tensor("input"))
    let inputGradient = try layer.backward(try stored.tensor("upstream"))
    let tolerance = 10 * roundingTolerance(operations: operations)
    func compare(_ actual: [Double], _ name: String) throws {
        let expected = try stored.values(name)
        expectClose(actual, expected, tolerance: tolerance, scale: largestMagnitude(expected), "\(stored.name): \(name)",
                    sourceLocation: sourceLocation)
    }
    #expect(output.shape == (try stored.tensor("output")).shape, sourceLocation: sourceLocation)
    try compare(output.scalars, "output")
    try compare(inputGradient.scalars, "grad_input")
    for named in layer.namedParameters() { try compare(named.parameter.gradient.scalars, "grad_" + named.name) }
    for named in layer.namedBuffers() where !named.name.hasSuffix("num_batches_tracked") {
        try compare(named.parameter.value.scalars, "after." + named.name)
    }
}

@Suite("ResNet and DenseNet blocks against PyTorch (block fixtures)")
struct BlockFixtureTests {
    /// conv1 (C·9 terms), bn1 (2M′ + 10), conv2 (OC·9), bn2 (2M′ + 10), the 1×1 projection and its batch norm
    /// (C + 2M′ + 10), the addition (1); M′ = N·OH·OW.
    @Test(arguments: ["basic_block_identity", "basic_block_projection", "basic_block_projection_eval"])
    func basicBlock(_ name: String) throws {
        let stored = try Fixture.load("blocks.json").case(name)
        let (inputs, outputs, stride) = (try stored.integer("in_channels"), try stored.integer("out_channels"),
                                         try stored.integer("stride"))
        var generator = RandomGenerator(seed: 1)
        let block = BasicBlock<Double>(name: "block", inputChannels: inputs, outputChannels: outputs, stride: stride,
                                       generator: &generator)
        let output = try stored.tensor("output").shape, m = output[0] * output[2] * output[3]
        try expectMatchesPyTorch(block, stored, operations: chainOperations(
            stages: [inputs * 9, 2 * m + 10, outputs * 9, 2 * m + 10, inputs + 2 * m + 10, 1], positions: m))
    }

    /// norm1 (2M + 10), conv1 1×1 (C), norm2 (2M + 10), conv2 3×3 (4k·9), the concatenation (a copy).
    @Test func denseLayer() throws {
        let stored = try Fixture.load("blocks.json").case("dense_layer")
        let (inputs, growth) = (try stored.integer("in_channels"), try stored.integer("growth_rate"))
        let width = try stored.integer("bottleneck_factor") * growth
        var generator = RandomGenerator(seed: 1)
        let layer = ChannelConcatenation<Double>.denseLayer(name: "denselayer1", inputChannels: inputs,
                                                            growthRate: growth, generator: &generator)
        #expect(layer.typeName == "DenseLayer")
        let input = try stored.tensor("input").shape, m = input[0] * input[2] * input[3]
        try expectMatchesPyTorch(layer, stored, operations: chainOperations(
            stages: [2 * m + 10, inputs, 2 * m + 10, width * 9], positions: m))
    }

    /// norm (2M + 10), the 1×1 convolution (C), the 2×2 average (4 terms).
    @Test func denseTransition() throws {
        let stored = try Fixture.load("blocks.json").case("dense_transition")
        let (inputs, outputs) = (try stored.integer("in_channels"), try stored.integer("out_channels"))
        var generator = RandomGenerator(seed: 1)
        let transition = Sequential<Double>.denseTransition(name: "", inputChannels: inputs, outputChannels: outputs,
                                                            generator: &generator)
        transition.needsInputGradient = true
        let input = try stored.tensor("input").shape, m = input[0] * input[2] * input[3]
        try expectMatchesPyTorch(transition, stored, operations: chainOperations(
            stages: [2 * m + 10, inputs, 4], positions: m))
    }

    @Test func fileDeclaresItsOrigin() throws {
        let fixture = try Fixture.load("blocks.json")
        #expect(fixture.generator == "Tests/DeepLearningTests/Fixtures/make_block_fixtures.py")
        #expect(fixture.dtype == "float64")
        #expect(fixture.cases.count == 5)
    }
}
