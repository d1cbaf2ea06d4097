import Testing
@testable import DeepLearning

@Suite("Shape errors name the layer and both shapes")
struct ShapeErrorTests {
    /// The article's CNN as written expects fc1 input 128·28·28 = 100,352 features; a 224×224 image is pooled twice
    /// to 56×56, so fc1 receives 128·56·56 = 401,408.
    @Test func articleCNNAt224() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential<Float>.articleCNN(inputChannels: 3, fc1InputFeatures: 128 * 28 * 28, generator: &generator)
        #expect(throws: ShapeError(layer: "fc1", problem: "expected 100352 input features, got 401408",
                                   inputShape: [64, 128, 56, 56])) {
            try model.outputShapes(for: [64, 3, 224, 224])
        }
        let error = ShapeError(layer: "fc1", problem: "expected 100352 input features, got 401408",
                               inputShape: [64, 128, 56, 56])
        #expect(error.description == "fc1: expected 100352 input features, got 401408 (input 64×128×56×56)")
        // A forward pass throws the same kind of error (a small image keeps the debug build quick): 32 → 8 px.
        #expect(throws: ShapeError(layer: "fc1", problem: "expected 100352 input features, got 8192",
                                   inputShape: [1, 128, 8, 8])) {
            try model.forward(Tensor(shape: [1, 3, 32, 32]))
        }
    }

    @Test func wrongChannelsAndRanks() throws {
        var generator = RandomGenerator(seed: 2)
        let conv = Conv2d<Float>(name: "conv1", inputChannels: 1, outputChannels: 4, kernelSize: 3, generator: &generator)
        #expect(throws: ShapeError(layer: "conv1", problem: "expected 1 input channels, got 3", inputShape: [2, 3, 28, 28])) {
            try conv.forward(Tensor(shape: [2, 3, 28, 28]))
        }
        #expect(throws: ShapeError.self) { try conv.forward(Tensor(shape: [2, 2])) }
        #expect(throws: ShapeError.self) { try conv.forward(Tensor(shape: [1, 1, 2, 2])) }
        #expect(throws: ShapeError.self) { try MaxPool2d<Float>(name: "pool", kernelSize: 2).forward(Tensor(shape: [4])) }
    }

    @Test func backwardChecksItsGradient() throws {
        let relu = ReLU<Float>(name: "relu")
        #expect(throws: ShapeError(layer: "relu", problem: "backward called before forward", inputShape: [2])) {
            try relu.backward(Tensor(shape: [2]))
        }
        _ = try relu.forward(Tensor(shape: [2, 3]))
        #expect(throws: ShapeError(layer: "relu", problem: "backward expected an output gradient of 2×3, got 3×2",
                                   inputShape: [2, 3])) {
            try relu.backward(Tensor(shape: [3, 2]))
        }
    }
}
