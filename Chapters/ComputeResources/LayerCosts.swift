import DeepLearning

/// What one model costs per image, layer by layer (§2.1, §9.5): parameters, forward FLOPs, training FLOPs,
/// activation memory kept for backward, and Adam's memory, from `ModelSummary`'s rows (shapes alone, nothing runs).
///
/// Conventions (those of `ModelSummary` and torchinfo): 2 FLOPs per multiply-add, only convolutions and linear
/// layers counted (ReLU, pooling, BatchNorm and the residual additions are memory-bound and a few percent of the
/// arithmetic); a training step is the forward pass, the weight gradient (as many FLOPs) and, except for the first
/// layer, the input gradient (as many again): 3× forward. Activations: every layer's output in float32, which the
/// backward pass of it or of the next layer reads (a conv or linear keeps its input, a ReLU its output, a pool its
/// input); a Flatten is a view and keeps nothing. Adam: two moments per weight, float32, 8 bytes per parameter; with
/// the weights and gradients a float32 Adam step holds 16 bytes per parameter.
public struct LayerCosts: Sendable {
    public struct Row: Sendable, Equatable {
        /// The layer's full name in the module tree ("layer1.0.conv1").
        public var name: String
        public var typeName: String
        public var outputShape: [Int]
        public var parameters: Int
        public var forwardFlops: Int
        public var trainingFlops: Int
        public var activationBytes: Int
        /// Adam's m and v for the layer's own parameters.
        public var adamBytes: Int { 2 * MemoryPerParameter.float32 * parameters }
    }

    /// Bytes per number, and per parameter of a training step.
    public enum MemoryPerParameter {
        public static let float32 = 4
        /// Float32 weights, gradients, m and v.
        public static let adamFloat32 = 16
        /// Mixed precision (ZeRO, Rajbhandari et al. 2020, §3.1): fp16 weights and gradients (2 + 2), fp32 master
        /// weights, m and v (4 + 4 + 4).
        public static let adamMixedPrecision = 16
    }

    public let label: String
    /// [1, channels, height, width]: one image.
    public let inputShape: [Int]
    /// The leaves of the module tree, depth first.
    public let rows: [Row]
    public let summary: ModelSummary

    public init(_ label: String, model: some Layer<Float>, inputShape: [Int]) throws {
        self.label = label
        self.inputShape = inputShape
        summary = try ModelSummary(of: model, inputShape: inputShape)
        // Full dotted names ("layer1.0.conv1"): the path of names down the tree, containers included.
        var path: [String] = [], rows: [Row] = []
        for row in summary.rows {
            path = Array(path.prefix(row.depth - 1)) + [row.name]
            guard !row.isContainer else { continue }
            rows.append(Row(name: path.filter { !$0.isEmpty }.joined(separator: "."), typeName: row.typeName,
                outputShape: row.outputShape, parameters: row.parameterCount, forwardFlops: row.forwardFlops,
                trainingFlops: row.trainingFlops,
                activationBytes: row.typeName == "Flatten" ? 0 : MemoryPerParameter.float32 * row.outputShape.reduce(1, *)))
        }
        self.rows = rows
    }

    public var parameters: Int { rows.reduce(0) { $0 + $1.parameters } }
    public var forwardFlops: Int { rows.reduce(0) { $0 + $1.forwardFlops } }
    public var trainingFlops: Int { rows.reduce(0) { $0 + $1.trainingFlops } }
    public var activationBytes: Int { rows.reduce(0) { $0 + $1.activationBytes } }
    public var adamBytes: Int { rows.reduce(0) { $0 + $1.adamBytes } }
    /// Weights, gradients and Adam's moments, float32.
    public var trainingStateBytes: Int { MemoryPerParameter.adamFloat32 * parameters }
}
