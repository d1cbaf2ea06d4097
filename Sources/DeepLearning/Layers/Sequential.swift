import Kernels

/// Layers applied one after another (PyTorch's nn.Sequential); itself a layer, so blocks nest.
///
/// The article's CNN at 28×28: `Sequential(layers: [Conv2d(name: "conv1", inputChannels: 1, outputChannels: 64,
/// kernelSize: 3, padding: 1, generator: &g), ReLU(name: "relu1"), MaxPool2d(name: "pool1", kernelSize: 2), …])`
/// (`Sequential.articleCNN` builds it).
///
/// A model's input is data, so by default `needsInputGradient` is false and the first layer skips its input
/// gradient, as PyTorch does for inputs that do not require grad; set it to true to get ∂L/∂input (saliency maps).
public final class Sequential<Scalar: KernelScalar>: Layer {
    public let name: String
    public let layers: [any Layer<Scalar>]
    public var isTraining = true {
        didSet { for layer in layers { layer.isTraining = isTraining } }
    }
    public var needsInputGradient = false {
        didSet { layers.first?.needsInputGradient = needsInputGradient }
    }

    public init(name: String = "", layers: [any Layer<Scalar>]) {
        self.name = name
        self.layers = layers
        for layer in layers.dropFirst() { layer.needsInputGradient = true }
        layers.first?.needsInputGradient = needsInputGradient
        for layer in layers { layer.isTraining = isTraining }
    }

    public var parameters: [Parameter<Scalar>] { layers.flatMap { $0.parameters } }
    public var buffers: [Parameter<Scalar>] { layers.flatMap { $0.buffers } }

    /// The shape after each layer for an input shape, without computing anything (for summaries and checks).
    public func outputShapes(for inputShape: [Int]) throws -> [[Int]] {
        var shape = inputShape, shapes: [[Int]] = []
        for index in layers.indices {
            shape = try withReadableShape(index: index, before: index > 0 ? shapes.last! : inputShape,
                                          earlier: index > 1 ? shapes[index - 2] : inputShape) {
                try layers[index].outputShape(for: shape)
            }
            shapes.append(shape)
        }
        return shapes
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try outputShapes(for: inputShape).last ?? inputShape
    }

    public func forwardFlops(for inputShape: [Int]) -> Int {
        guard let shapes = try? outputShapes(for: inputShape) else { return 0 }
        return layers.indices.reduce(0) { $0 + layers[$1].forwardFlops(for: $1 == 0 ? inputShape : shapes[$1 - 1]) }
    }

    /// input [first layer's input] → output [last layer's output].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var x = input, previousShape = input.shape
        for index in layers.indices {
            let shape = x.shape
            x = try withReadableShape(index: index, before: shape, earlier: previousShape) {
                try layers[index].forward(x)
            }
            previousShape = shape
        }
        return x
    }

    /// outputGradient [last layer's output] → inputGradient [input] (empty unless `needsInputGradient`).
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var gradient = outputGradient
        for layer in layers.reversed() { gradient = try layer.backward(gradient) }
        return gradient
    }

    /// Runs `body` for layer `index`, whose input has shape `before`; when the layer just before it is a Flatten,
    /// a `ShapeError` reports `earlier` (the Flatten's input), the shape a reader recognises:
    /// `fc1: expected 100352 input features, got 401408 (input 64×128×56×56)`.
    private func withReadableShape<T>(index: Int, before: [Int], earlier: [Int], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as ShapeError {
            if index > 0 && layers[index - 1] is Flatten<Scalar> && error.inputShape == before {
                error.inputShape = earlier
            }
            throw error
        }
    }
}
