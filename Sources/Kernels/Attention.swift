/// What multi-head attention's forward pass keeps for backward, and its backward scratch.
public struct AttentionSaved<Scalar: KernelScalar>: Sendable {
    /// softmax(Q·Kᵀ/√hs) per image and head, [B, NH, T, T] (llm.c's `att`; future positions 0 when causal).
    public var probabilities: [Scalar] = []
    /// ∂L/∂scores of the heads of one image per worker, [workers, NH, T, T]: backward's scratch.
    var scoreGradients: [Scalar] = []
    public init() {}
}

/// The shape of a multi-head attention call: B images (or sequences) of T tokens of C = NH·hs channels.
public struct AttentionShape: Sendable, Equatable {
    public var batch: Int
    public var tokens: Int
    public var channels: Int
    public var heads: Int
    /// True: token t attends only to tokens 0…t (a language model's mask); false: to all T (a ViT).
    public var causal: Bool
    public init(batch: Int, tokens: Int, channels: Int, heads: Int, causal: Bool = false) {
        precondition(heads > 0 && channels % heads == 0, "attention: \(channels) channels do not split into \(heads) heads")
        self.batch = batch
        self.tokens = tokens
        self.channels = channels
        self.heads = heads
        self.causal = causal
    }
    /// hs = C/NH, each head's width.
    public var headSize: Int { channels / heads }
    /// 1/√hs, the scores' scale.
    var scale: Double { 1 / Double(headSize).squareRoot() }
}

/// Multi-head scaled dot-product attention (llm.c's `attention_forward`; PyTorch's
/// `F.scaled_dot_product_attention` on the heads of a `qkv` projection).
///
/// qkv: [B, T, 3C], each token's row holding its query, key and value, each [NH, hs] (PyTorch's
/// `qkv.reshape(B, T, 3, NH, hs)`); output: [B, T, C], the heads side by side ([NH, hs] per token).
/// Per image b and head h: S = Q·Kᵀ/√hs [T, T], P = softmax(S) along each row (future positions masked when
/// `causal`), O = P·V [T, hs]. Two batched GEMMs per image, one matrix per head (`batchedGemm`: a head's Q, K, V are
/// [T, hs] slices of the QKV rows, leading dimension 3C), and the row softmax between them. P is kept in `saved`.
/// Images split across the kernel workers.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func attentionForward<Scalar: KernelScalar>(
    qkv: [Scalar], shape: AttentionShape, saved: inout AttentionSaved<Scalar>, output: inout [Scalar]
) {
    let (t, c, heads, hs) = (shape.tokens, shape.channels, shape.heads, shape.headSize)
    precondition(qkv.count == shape.batch * t * 3 * c, "attentionForward: \(qkv.count) inputs for \(shape)")
    ensureCount(&output, shape.batch * t * c)
    ensureCount(&saved.probabilities, shape.batch * heads * t * t)
    qkv.withUnsafeBufferPointer { qkv in
    output.withUnsafeMutableBufferPointer { output in
    saved.probabilities.withUnsafeMutableBufferPointer { probabilities in
        parallelChunks(shape.batch) { images, _ in
            for b in images {
                let rows = qkv.baseAddress! + b &* t &* 3 &* c
                let scores = probabilities.baseAddress! + b &* heads &* t &* t
                batchedGemm(count: heads, transposeB: true, m: t, n: t, k: hs, alpha: Scalar(shape.scale),
                            StridedMatrices(rows, stride: hs, leading: 3 &* c),
                            StridedMatrices(rows + c, stride: hs, leading: 3 &* c),
                            into: StridedMatrices(scores, stride: t &* t, leading: t))
                for row in 0..<heads &* t {
                    softmaxRow(scores + row &* t, count: t, valid: shape.causal ? row % t &+ 1 : t)
                }
                batchedGemm(count: heads, m: t, n: hs, k: t, StridedMatrices(UnsafePointer(scores), stride: t &* t, leading: t),
                            StridedMatrices(rows + 2 &* c, stride: hs, leading: 3 &* c),
                            into: StridedMatrices(output.baseAddress! + b &* t &* c, stride: hs, leading: c))
            }
        }
    }}}
}

/// The backward pass of `attentionForward` (llm.c's `attention_backward`), from the same qkv and its saved P.
///
/// outputGradient dO [B, T, C] → inputGradient dQKV [B, T, 3C]. Per image and head, with P, V as in forward:
/// dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)) (softmax's Jacobian; masked entries stay 0),
/// dQ = dS·K/√hs, dK = dSᵀ·Q/√hs: four batched GEMMs per image. Images split across the kernel workers, each
/// with its own dS scratch.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func attentionBackward<Scalar: KernelScalar>(
    outputGradient: [Scalar], qkv: [Scalar], shape: AttentionShape, saved: inout AttentionSaved<Scalar>,
    inputGradient: inout [Scalar]
) {
    let (t, c, heads, hs) = (shape.tokens, shape.channels, shape.heads, shape.headSize)
    precondition(outputGradient.count == shape.batch * t * c && qkv.count == 3 * outputGradient.count
                 && saved.probabilities.count == shape.batch * heads * t * t,
                 "attentionBackward: no forward pass on \(shape)")
    ensureCount(&inputGradient, qkv.count)
    let workers = max(1, min(KernelWorkers.count, shape.batch))
    ensureCount(&saved.scoreGradients, workers * heads * t * t)
    let scale = Scalar(shape.scale)
    outputGradient.withUnsafeBufferPointer { dy in
    qkv.withUnsafeBufferPointer { qkv in
    inputGradient.withUnsafeMutableBufferPointer { dx in
    saved.probabilities.withUnsafeBufferPointer { probabilities in
    saved.scoreGradients.withUnsafeMutableBufferPointer { scratch in
        parallelChunks(shape.batch) { images, worker in
            let dScores = scratch.baseAddress! + worker &* heads &* t &* t
            for b in images {
                let rows = qkv.baseAddress! + b &* t &* 3 &* c, dRows = dx.baseAddress! + b &* t &* 3 &* c
                let p = probabilities.baseAddress! + b &* heads &* t &* t
                let dOut = StridedMatrices(dy.baseAddress! + b &* t &* c, stride: hs, leading: c)
                let pHeads = StridedMatrices(p, stride: t &* t, leading: t)
                let dSHeads = StridedMatrices(dScores, stride: t &* t, leading: t)
                func slice(_ part: Int) -> StridedMatrices<UnsafePointer<Scalar>> {
                    StridedMatrices(rows + part &* c, stride: hs, leading: 3 &* c)
                }
                func gradientSlice(_ part: Int) -> StridedMatrices<UnsafeMutablePointer<Scalar>> {
                    StridedMatrices(dRows + part &* c, stride: hs, leading: 3 &* c)
                }
                // dV = Pᵀ·dO [T, hs]; dP = dO·Vᵀ [T, T] into the scratch.
                batchedGemm(count: heads, transposeA: true, m: t, n: hs, k: t, pHeads, dOut, into: gradientSlice(2))
                batchedGemm(count: heads, transposeB: true, m: t, n: t, k: hs, dOut, slice(2), into: dSHeads)
                for row in 0..<heads &* t {
                    softmaxBackwardRow(probabilities: p + row &* t, gradient: dScores + row &* t, count: t)
                }
                let dS = StridedMatrices(UnsafePointer(dScores), stride: t &* t, leading: t)
                batchedGemm(count: heads, m: t, n: hs, k: t, alpha: scale, dS, slice(1), into: gradientSlice(0))
                batchedGemm(count: heads, transposeA: true, m: t, n: hs, k: t, alpha: scale, dS, slice(0),
                            into: gradientSlice(1))
            }
        }
    }}}}}
}

/// The naive twin of `attentionForward`: llm.c's loops, one (image, token, head) at a time: the scaled dot
/// products with every allowed key, the softmax by its definition, the weighted sum of values.
/// Returns (output [B, T, C], probabilities [B, NH, T, T]).
public func naiveAttentionForward<Scalar: KernelScalar>(qkv: [Scalar], shape: AttentionShape)
    -> (output: [Scalar], probabilities: [Scalar]) {
    let (bCount, t, c, heads, hs) = (shape.batch, shape.tokens, shape.channels, shape.heads, shape.headSize)
    var output = [Scalar](repeating: 0, count: bCount * t * c)
    var probabilities = [Scalar](repeating: 0, count: bCount * heads * t * t)
    for b in 0..<bCount {
        for query in 0..<t {
            for h in 0..<heads {
                let q = b * t * 3 * c + query * 3 * c + h * hs
                let allowed = shape.causal ? query + 1 : t
                let scores = (0..<allowed).map { key -> Double in
                    let k = b * t * 3 * c + key * 3 * c + c + h * hs
                    return (0..<hs).reduce(0.0) { $0 + Double(qkv[q + $1]) * Double(qkv[k + $1]) } * shape.scale
                }
                let exponentials = scores.map { Double.kernelExp($0) }
                let total = exponentials.reduce(0, +)
                for key in 0..<allowed {
                    let weight = exponentials[key] / total
                    probabilities[((b * heads + h) * t + query) * t + key] = Scalar(weight)
                    let v = b * t * 3 * c + key * 3 * c + 2 * c + h * hs
                    for i in 0..<hs { output[(b * t + query) * c + h * hs + i] += Scalar(weight) * qkv[v + i] }
                }
            }
        }
    }
    return (output, probabilities)
}

/// The naive twin of `attentionBackward`: llm.c's `attention_backward` loops (through the weighted sum, the
/// softmax by its full Jacobian, the dot products), from the probabilities of `naiveAttentionForward`.
/// Returns dQKV [B, T, 3C].
public func naiveAttentionBackward<Scalar: KernelScalar>(outputGradient: [Scalar], qkv: [Scalar],
                                                         shape: AttentionShape) -> [Scalar] {
    let (bCount, t, c, heads, hs) = (shape.batch, shape.tokens, shape.channels, shape.heads, shape.headSize)
    let probabilities = naiveAttentionForward(qkv: qkv, shape: shape).probabilities
    var dqkv = [Scalar](repeating: 0, count: qkv.count)
    let scale = Scalar(shape.scale)
    for b in 0..<bCount {
        for query in 0..<t {
            for h in 0..<heads {
                let allowed = shape.causal ? query + 1 : t
                let att = (0..<allowed).map { probabilities[((b * heads + h) * t + query) * t + $0] }
                let dOut = (b * t + query) * c + h * hs
                var dAtt = [Scalar](repeating: 0, count: allowed)
                for key in 0..<allowed {
                    let v = b * t * 3 * c + key * 3 * c + 2 * c + h * hs
                    for i in 0..<hs {
                        dAtt[key] += qkv[v + i] * outputGradient[dOut + i]
                        dqkv[v + i] += att[key] * outputGradient[dOut + i]
                    }
                }
                var dScores = [Scalar](repeating: 0, count: allowed)
                for j in 0..<allowed {
                    for k in 0..<allowed { dScores[k] += att[j] * ((j == k ? 1 : 0) - att[k]) * dAtt[j] }
                }
                let q = b * t * 3 * c + query * 3 * c + h * hs
                for key in 0..<allowed {
                    let k = b * t * 3 * c + key * 3 * c + c + h * hs
                    for i in 0..<hs {
                        dqkv[q + i] += qkv[k + i] * dScores[key] * scale
                        dqkv[k + i] += qkv[q + i] * dScores[key] * scale
                    }
                }
            }
        }
    }
    return dqkv
}
