/// Multi-head scaled dot-product attention on a QKV projection's output (PyTorch's
/// `F.scaled_dot_product_attention(q, k, v, is_causal=causal)` on `qkv.reshape(B, T, 3, heads, C/heads)`'s
/// slices, heads joined back): input [B, T, 3C] → output [B, T, C]. No parameters; the `qkv` and `proj` Linears
/// around it make `Sequential.multiHeadSelfAttention`. Keeps a copy of its input and the attention probabilities
/// [B, heads, T, T] (`probabilities`, e.g. for attention maps).
public final class ScaledDotProductAttention<Scalar: KernelScalar>: Layer {
    public let name: String
    public let heads: Int
    public let causal: Bool
    public var isTraining = true
    public var needsInputGradient = true

    private var shapes = ShapeMemo()
    private var saved = AttentionSaved<Scalar>()
    private var savedInput: [Scalar] = []
    private var output: [Scalar] = []
    private var inputGradient: [Scalar] = []

    public init(name: String, heads: Int, causal: Bool = false) {
        precondition(heads > 0, "\(name): attention needs at least one head")
        self.name = name
        self.heads = heads
        self.causal = causal
    }

    /// The last forward pass's softmax(Q·Kᵀ/√hs), [B, heads, T, T].
    public var probabilities: [Scalar] { saved.probabilities }

    func attentionShape(for inputShape: [Int]) throws -> AttentionShape {
        guard inputShape.count == 3, inputShape[2] % (3 * heads) == 0 else {
            throw ShapeError(layer: name, problem: "expected input B×T×3C with C a multiple of \(heads) heads, got "
                             + inputShape.shapeDescription, inputShape: inputShape)
        }
        return AttentionShape(batch: inputShape[0], tokens: inputShape[1], channels: inputShape[2] / 3, heads: heads,
                              causal: causal)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let shape = try attentionShape(for: inputShape)
        return [shape.batch, shape.tokens, shape.channels]
    }

    /// Q·Kᵀ and P·V: 2 FLOPs per multiply-add, T·T·hs of each per image and head, so 4·B·T²·C (not the softmax).
    /// torchinfo counts none of it; the workbook counts it, because it is what grows as T².
    public func forwardFlops(for inputShape: [Int]) -> Int {
        guard let shape = try? attentionShape(for: inputShape) else { return 0 }
        return 4 * shape.batch * shape.tokens * shape.tokens * shape.channels
    }

    /// qkv [B, T, 3C] → output [B, T, C].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let outputShape = try shapes.outputShape(for: input.shape, of: self)
        copy(input.scalars, into: &savedInput)
        attentionForward(qkv: input.scalars, shape: try attentionShape(for: input.shape), saved: &saved,
                         output: &output)
        return Tensor(shape: outputShape, scalars: output)
    }

    /// outputGradient [B, T, C] → inputGradient [B, T, 3C].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        guard needsInputGradient else { return Tensor(shape: skippedGradientShape) }
        attentionBackward(outputGradient: outputGradient.scalars, qkv: savedInput,
                          shape: try attentionShape(for: shapes.input), saved: &saved, inputGradient: &inputGradient)
        return Tensor(shape: shapes.input, scalars: inputGradient)
    }
}
