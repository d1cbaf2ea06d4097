import DeepLearning

/// A training step's time predicted from its parts, unit by unit (`TimingUnit`): each GEMM's FLOPs over that
/// shape's measured sgemm speed, plus the unit's other work (`MemoryTraffic`) as bytes over the measured memory
/// bandwidth; then the loss and the optimizer's passes over the parameters the same way. The model adds the two
/// (a unit either computes or streams memory, never both at once) and charges nothing else: no call overheads,
/// no allocation, no waiting for the data loader (which prepares the next batch on its own thread).
public struct StepPrediction {
    public struct Part: Sendable {
        /// A unit's path, or "loss", "optimizer".
        public var name: String
        public var typeName: String
        /// The unit's own parameters (0 for the loss and the optimizer, which update the others').
        public var parameters: Int
        public var gemms: [GemmShape]
        public var traffic: MemoryTraffic
        /// Σ flops / (GFLOP/s · 10⁹) over `gemms`.
        public var gemmSeconds: Double
        /// traffic.bytes / (GB/s · 10⁹).
        public var memorySeconds: Double
        public var seconds: Double { gemmSeconds + memorySeconds }
        public var gemmFlops: Double { gemms.reduce(0) { $0 + $1.flops } }
    }

    public var parts: [Part]
    /// GB/s the memory-bound work was priced at.
    public var bandwidth: Double
    public var seconds: Double { parts.reduce(0) { $0 + $1.seconds } }

    /// The prediction for one step of `model` on a batch of `inputShape` with `classes` logits per sample.
    /// `gemmSpeed` gives the measured GFLOP/s of a shape (its exact m, n, k and transposes); `bandwidth` is
    /// GB/s.
    public init(model: Sequential<Float>, inputShape: [Int], gemmSpeed: (GemmShape) -> Double,
                bandwidth: Double) throws {
        let layerGemms = try trainingStepGemmsByLayer(of: model, inputShape: inputShape)
        func seconds(_ gemms: [GemmShape]) -> Double { gemms.reduce(0) { $0 + $1.flops / (gemmSpeed($1) * 1e9) } }
        func part(_ name: String, _ typeName: String, _ gemms: [GemmShape], _ traffic: MemoryTraffic,
                  parameters: Int = 0) -> Part {
            Part(name: name, typeName: typeName, parameters: parameters, gemms: gemms, traffic: traffic,
                 gemmSeconds: seconds(gemms),
                 memorySeconds: Double(traffic.bytes) / (bandwidth * 1e9))
        }
        let units = try TimingUnit.units(of: model, inputShape: inputShape)
        parts = try units.map { unit in
            part(unit.path, unit.layer.typeName, layerGemms.filter { unit.contains($0.path) }.flatMap(\.gemms),
                 try MemoryTraffic.of(unit.layer, inputShape: unit.inputShape),
                 parameters: unit.layer.namedParameters().reduce(0) { $0 + $1.parameter.shape.reduce(1, *) })
        }
        parts.append(part("loss", "CrossEntropyLoss", [],
                          MemoryTraffic.loss(logits: units.last?.outputShape.reduce(1, *) ?? 0)))
        parts.append(part("optimizer", "zero, norm, Adam", [],
                          MemoryTraffic.optimizer(parameters: try ModelSummary(of: model, inputShape: inputShape).totalParameterCount)))
        self.bandwidth = bandwidth
    }
}
