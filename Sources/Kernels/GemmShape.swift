/// One GEMM shape of a training step, run `calls` times: C[m×n] = op(A)·op(B) with op(A) m×k, op(B) k×n, row
/// major, as the kernels call cblas_sgemm. `trainingStepGemms(of:inputShape:)` (DeepLearning) lists a model's.
public struct GemmShape: Equatable, Sendable {
    /// The layers and directions that run it, e.g. "layer1.0.conv1 fwd, layer1.0.conv2 fwd".
    public var label: String
    public var transposeA: Bool
    public var transposeB: Bool
    public var m: Int
    public var n: Int
    public var k: Int
    public var calls: Int

    public init(label: String, transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                calls: Int = 1) {
        self.label = label
        self.transposeA = transposeA
        self.transposeB = transposeB
        self.m = m
        self.n = n
        self.k = k
        self.calls = calls
    }

    /// 2·m·n·k per call (a multiply-add is 2 FLOPs), all calls.
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) * Double(calls) }
    public var dimensions: String { "\(transposeA ? "ᵀ" : "")\(m)×\(n)×\(k)\(transposeB ? "ᵀ" : "")" }

    /// Whether `other` is the same product (transposes and m, n, k), whatever its label and calls.
    public func hasSameProduct(as other: GemmShape) -> Bool {
        transposeA == other.transposeA && transposeB == other.transposeB && m == other.m && n == other.n
            && k == other.k
    }
}
