/// The article's "large models" on paper (§9.5): training compute ≈ 6·N·D FLOPs (Kaplan et al. 2020, §2.1: 2·N per
/// token forward, twice that backward) and memory ≈ 16 bytes per parameter (Adam in mixed precision, ZeRO), as days
/// at a peak rate. D = 20·N tokens, the compute-optimal ratio of Hoffmann et al. 2022 (Chinchilla).
public struct ScalingOnPaper: Sendable {
    public struct Row: Sendable, Equatable {
        public var parameters: Double
        public var tokens: Double
        public var flops: Double { 6 * parameters * tokens }
        public var memoryBytes: Double { Double(LayerCosts.MemoryPerParameter.adamMixedPrecision) * parameters }
        /// Days at `flopsPerSecond`, every cycle useful (a lower bound: real runs reach 30–50% of peak).
        public func days(at flopsPerSecond: Double) -> Double { flops / flopsPerSecond / 86_400 }
    }

    public static let tokensPerParameter = 20.0
    public static let parameterCounts: [Double] = [1e6, 1e7, 1e8, 1e9, 7e9, 7e10]

    /// One accelerator at its datasheet peak: NVIDIA H100 SXM5, dense BF16 Tensor Core, 989.4 TFLOP/s (the
    /// datasheet's 1,979 is with 2:4 sparsity), 80 GB of HBM3 (NVIDIA H100 Tensor Core GPU datasheet, 2023).
    public static let acceleratorName = "H100 SXM (BF16 dense, datasheet)"
    public static let acceleratorFlopsPerSecond = 989.4e12
    public static let acceleratorMemoryBytes = 80e9

    public static var rows: [Row] { parameterCounts.map { Row(parameters: $0, tokens: tokensPerParameter * $0) } }
}
