import DeepLearning

/// The pieces a training step is timed and predicted by: a model's layers with every `Sequential` opened up, in
/// the order its forward pass runs them (a ReLU before a max pool runs after it, on the pooled map: see
/// `Sequential.executionOrder`). Any other layer is one unit, children included: a residual block is timed as a
/// whole, since its branches run inside its own forward. For the article's CNN the units are its nine layers;
/// for the small ResNet its stem, its six blocks, the pooling and the head.
public struct TimingUnit {
    /// Full dotted name in the module tree ("layer2.0").
    public var path: String
    public var layer: any Layer<Float>
    /// [N, …] the unit's input and output in the step, batch included.
    public var inputShape: [Int]
    public var outputShape: [Int]

    /// The units of `model` on an input of `inputShape`, in forward order.
    public static func units(of model: Sequential<Float>, inputShape: [Int]) throws -> [TimingUnit] {
        var units: [TimingUnit] = []
        func open(_ sequential: Sequential<Float>, path: String, input: [Int]) throws {
            var shape = input
            for index in sequential.executionOrder {
                let layer = sequential.layers[index]
                let name = [path, layer.name].filter { !$0.isEmpty }.joined(separator: ".")
                if let inner = layer as? Sequential<Float> {
                    try open(inner, path: name, input: shape)
                    shape = try inner.outputShape(for: shape)
                } else {
                    let output = try layer.outputShape(for: shape)
                    units.append(TimingUnit(path: name, layer: layer, inputShape: shape, outputShape: output))
                    shape = output
                }
            }
        }
        try open(model, path: model.name, input: inputShape)
        return units
    }

    /// Whether the layer at `path` (a convolution or linear layer of `trainingStepGemmsByLayer`) is this unit or
    /// inside it.
    public func contains(_ path: String) -> Bool { path == self.path || path.hasPrefix(self.path + ".") }
}
