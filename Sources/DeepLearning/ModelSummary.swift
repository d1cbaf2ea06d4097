import Kernels

/// A torchinfo-style table of a model: each layer's output shape, parameter count and forward FLOPs, computed
/// from shapes alone (nothing runs).
public struct ModelSummary: Sendable, CustomStringConvertible {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var typeName: String
        public var outputShape: [Int]
        public var parameterCount: Int
        /// Forward FLOPs for the whole input batch, 2 per multiply-add (see `Layer.forwardFlops`).
        public var forwardFlops: Int
    }

    public let inputShape: [Int]
    public let rows: [Row]
    public let trainableParameterCount: Int
    public let frozenParameterCount: Int
    /// One training step's FLOPs for the whole batch: forward, plus for each convolution and linear layer the weight
    /// gradient (as many FLOPs as its forward) and, except for the first layer, the input gradient (as many again).
    /// The article's CNN at 1×28×28: 93,335,040 per image.
    public let trainingStepFlops: Int

    /// Throws the `ShapeError` a forward pass on `inputShape` would throw.
    public init<Scalar>(of model: Sequential<Scalar>, inputShape: [Int]) throws {
        let shapes = try model.outputShapes(for: inputShape)
        var rows: [Row] = []
        var stepFlops = 0
        for (index, layer) in model.layers.enumerated() {
            let layerInput = index == 0 ? inputShape : shapes[index - 1]
            let flops = layer.forwardFlops(for: layerInput)
            rows.append(Row(name: layer.name, typeName: layer.typeName, outputShape: shapes[index],
                            parameterCount: layer.parameters.reduce(0) { $0 + $1.value.count }, forwardFlops: flops))
            let firstWithWeights = !model.layers[..<index].contains { !$0.parameters.isEmpty }
            stepFlops += flops * (firstWithWeights && !model.needsInputGradient ? 2 : 3)
        }
        self.inputShape = inputShape
        self.rows = rows
        trainableParameterCount = model.parameters.filter { $0.requiresGradient }.reduce(0) { $0 + $1.value.count }
        frozenParameterCount = model.parameters.filter { !$0.requiresGradient }.reduce(0) { $0 + $1.value.count }
        trainingStepFlops = stepFlops
    }

    public var totalParameterCount: Int { trainableParameterCount + frozenParameterCount }
    public var forwardFlops: Int { rows.reduce(0) { $0 + $1.forwardFlops } }

    public var description: String {
        let header = ["Layer (type)", "Output Shape", "Param #", "FLOPs"]
        let body = rows.map { row in
            ["\(row.name) (\(row.typeName))", "[" + row.outputShape.map(String.init).joined(separator: ", ") + "]",
             grouped(row.parameterCount), grouped(row.forwardFlops)]
        }
        let widths = (0..<4).map { column in ([header] + body).map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "   ")
        }
        let rule = String(repeating: "=", count: widths.reduce(0, +) + 9)
        return ([rule, line(header), rule] + body.map(line) + [rule,
            "Input shape: [" + inputShape.map(String.init).joined(separator: ", ") + "]",
            "Total params: \(grouped(totalParameterCount))",
            "Trainable params: \(grouped(trainableParameterCount))",
            "Non-trainable params: \(grouped(frozenParameterCount))",
            "Forward FLOPs: \(grouped(forwardFlops))",
            "Training step FLOPs (forward + backward): \(grouped(trainingStepFlops))",
            rule]).joined(separator: "\n")
    }
}

/// 12922122 → "12,922,122".
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
}
