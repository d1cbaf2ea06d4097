
/// A torchinfo-style table of a model: every layer of the module tree, nested ones indented under their container
/// (a ResNet's stages and blocks), with its output shape, parameter count and forward FLOPs, computed from shapes
/// alone (nothing runs).
public struct ModelSummary: Sendable, CustomStringConvertible {
    public struct Row: Sendable, Equatable {
        /// The layer's name within its parent, and its depth below the model (1 for the model's own layers).
        public var name: String
        public var depth: Int
        public var typeName: String
        public var outputShape: [Int]
        /// Parameters the layer holds itself (a container's are its children's rows; a shared parameter counts at
        /// its first place only).
        public var parameterCount: Int
        /// Forward FLOPs for the whole input batch, 2 per multiply-add (see `Layer.forwardFlops`); a container's
        /// are its children's, so the column sums over leaves.
        public var forwardFlops: Int
        /// Forward plus backward FLOPs of one training step (see `trainingStepFlops`): for a convolution or linear
        /// layer its forward, its weight gradient (as many) and, unless it is the first, its input gradient (as
        /// many again); for attention its forward and twice as many for the gradients of both factors of its
        /// products; 0 for the others and for containers, so the column sums to `trainingStepFlops`.
        public var trainingFlops: Int
        /// True for a layer made of others (its rows follow, one level deeper).
        public var isContainer: Bool
    }

    public let inputShape: [Int]
    /// Every layer below the model, depth first.
    public let rows: [Row]
    /// Distinct parameters: one shared by two layers counts once.
    public let trainableParameterCount: Int
    public let frozenParameterCount: Int
    /// One training step's FLOPs for the whole batch: forward, plus for each convolution and linear layer the weight
    /// gradient (as many FLOPs as its forward) and, except for the first layer, the input gradient (as many again),
    /// plus for attention (parameter-free products) twice its forward. The article's CNN at 1×28×28: 93,335,040 per
    /// image.
    public let trainingStepFlops: Int

    /// Throws the `ShapeError` a forward pass on `inputShape` would throw.
    public init<Scalar>(of model: some Layer<Scalar>, inputShape: [Int]) throws {
        var rows: [Row] = [], stepFlops = 0, seenWeights = false
        var counted = Set<ObjectIdentifier>()
        func visit(_ layer: any Layer<Scalar>, input: [Int], depth: Int) throws {
            let isContainer = !layer.children.isEmpty
            let own = layer.ownParameters.filter { counted.insert(ObjectIdentifier($0)).inserted }
            let flops = isContainer ? 0 : layer.forwardFlops(for: input)
            var training = 0
            if !isContainer && !layer.ownParameters.isEmpty {
                training = flops * (!seenWeights && !model.needsInputGradient ? 2 : 3)
                seenWeights = true
            } else if !isContainer && flops > 0 {
                // Products of the input with itself (attention's Q·Kᵀ and P·V): backward differentiates both factors
                // of each, two products of the forward's size per forward product (dQ, dK; dP, dV), or none when it
                // passes no gradient back.
                training = flops * (layer.needsInputGradient ? 3 : 1)
            }
            stepFlops += training
            if depth > 0 {
                rows.append(Row(name: layer.name, depth: depth, typeName: layer.typeName,
                                outputShape: try layer.outputShape(for: input),
                                parameterCount: own.reduce(0) { $0 + $1.count }, forwardFlops: flops,
                                trainingFlops: training, isContainer: isContainer))
            }
            for (child, childInput) in zip(layer.children, try layer.childInputShapes(for: input)) {
                try visit(child, input: childInput, depth: depth + 1)
            }
        }
        _ = try model.outputShape(for: inputShape)  // the error a forward pass would give, with readable shapes
        try visit(model, input: inputShape, depth: 0)
        self.inputShape = inputShape
        self.rows = rows
        let parameters = model.parameters
        trainableParameterCount = parameters.filter { $0.requiresGradient }.reduce(0) { $0 + $1.count }
        frozenParameterCount = parameters.filter { !$0.requiresGradient }.reduce(0) { $0 + $1.count }
        trainingStepFlops = stepFlops
    }

    public var totalParameterCount: Int { trainableParameterCount + frozenParameterCount }
    public var forwardFlops: Int { rows.reduce(0) { $0 + $1.forwardFlops } }

    /// torchinfo's layout: `├─name (Type)` at each depth, `--` where a container's numbers are its children's.
    public var description: String {
        let header = ["Layer (type)", "Output Shape", "Param #", "FLOPs"]
        let body = rows.map { row in
            [String(repeating: "│  ", count: row.depth - 1) + "├─"
                + (row.name.isEmpty ? row.typeName : "\(row.name) (\(row.typeName))"),
             "[" + row.outputShape.map(String.init).joined(separator: ", ") + "]",
             row.isContainer && row.parameterCount == 0 ? "--" : grouped(row.parameterCount),
             row.isContainer ? "--" : grouped(row.forwardFlops)]
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
