/// Layers applied one after another (PyTorch's nn.Sequential); itself a layer, so blocks nest.
///
/// The article's CNN at 28×28: `Sequential(layers: [Conv2d(name: "conv1", inputChannels: 1, outputChannels: 64,
/// kernelSize: 3, padding: 1, generator: &g), ReLU(name: "relu1"), MaxPool2d(name: "pool1", kernelSize: 2), …])`
/// (`Sequential.articleCNN` builds it).
///
/// A ReLU directly followed by a max pool (not as the first layer) runs after it: max(relu(x)) = relu(max(x)), so
/// the values and gradients are the same, and the ReLU passes over a quarter of the numbers (2×2 pooling). Only the
/// pool's stored positions can differ, for windows whose values are all ≤ 0, whose gradient is zero either way.
///
/// A model's input is data, so by default `needsInputGradient` is false and the first layer skips its input
/// gradient, as PyTorch does for inputs that do not require grad; set it to true to get ∂L/∂input (saliency maps).
public final class Sequential<Scalar: KernelScalar>: Layer {
    public let name: String
    public let layers: [any Layer<Scalar>]
    /// The order in which forward runs the layers: 0, 1, 2, … except that ReLU-then-MaxPool2d pairs swap.
    public let executionOrder: [Int]
    public var isTraining = true {
        didSet { for layer in layers { layer.isTraining = isTraining } }
    }
    public var needsInputGradient = false {
        didSet { layers.first?.needsInputGradient = needsInputGradient }
    }
    /// Told after each layer's backward (see `BackwardObserver`); weak, nil by default.
    public weak var backwardObserver: (any BackwardObserver<Scalar>)?

    public init(name: String = "", layers: [any Layer<Scalar>]) {
        self.name = name
        self.layers = layers
        var order = Array(layers.indices), index = 1
        while index + 1 < layers.count {
            if layers[index] is ReLU<Scalar> && layers[index + 1] is MaxPool2d<Scalar> {
                order.swapAt(index, index + 1)
                index += 2
            } else {
                index += 1
            }
        }
        executionOrder = order
        let names = layers.map(\.name).filter { !$0.isEmpty }
        precondition(Set(names).count == names.count,
                     "Sequential \(name): two layers share a name in \(names) (their parameters' names would collide)")
        for layer in layers.dropFirst() { layer.needsInputGradient = true }
        layers.first?.needsInputGradient = needsInputGradient
        for layer in layers { layer.isTraining = isTraining }
    }

    public var children: [any Layer<Scalar>] { layers }

    /// Each layer's input: the model's input, then the output of the layer before.
    public func childInputShapes(for inputShape: [Int]) throws -> [[Int]] {
        [inputShape] + (try outputShapes(for: inputShape).dropLast())
    }

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

    /// input [first layer's input] → output [last layer's output].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var x = input, previousShape = input.shape
        for index in executionOrder {
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
        for index in executionOrder.reversed() {
            gradient = try layers[index].backward(gradient)
            backwardObserver?.backwardDidFinish(layers[index])
        }
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
