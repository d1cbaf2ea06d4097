extension Sequential {
    /// Multi-head self-attention (Vaswani et al. 2017), named as timm's and most hand-written ViTs name it:
    ///
    ///     qkv   Linear C → 3C         [B, T, 3C]   (queries, keys, values of every head)
    ///     attend (ScaledDotProductAttention, `heads` heads, causal or not)   [B, T, C]
    ///     proj  Linear C → C          [B, T, C]
    ///
    /// Parameters `qkv.weight` [3C, C], `qkv.bias`, `proj.weight` [C, C], `proj.bias`, drawn in that order.
    public static func multiHeadSelfAttention(name: String, dimension: Int, heads: Int, causal: Bool = false,
                                              generator: inout RandomGenerator) -> Sequential {
        Sequential(name: name, layers: [
            Linear(name: "qkv", inputFeatures: dimension, outputFeatures: 3 * dimension, generator: &generator),
            ScaledDotProductAttention(name: "attend", heads: heads, causal: causal),
            Linear(name: "proj", inputFeatures: dimension, outputFeatures: dimension, generator: &generator),
        ])
    }

    /// A pre-norm Transformer block (the ViT's): x ← x + attn(norm1(x)), then x ← x + mlp(norm2(x)), with
    /// mlp = fc1 (C → ratio·C), GELU (exact), fc2 (ratio·C → C). input [B, T, C] → output [B, T, C].
    ///
    /// Named as timm's `Block`: `norm1`, `attn.qkv`, `attn.proj`, `norm2`, `mlp.fc1`, `mlp.fc2` (the two residual
    /// connections are transparent: empty names). Draws qkv, proj, fc1, fc2 from `generator` in that order.
    public static func transformerBlock(name: String, dimension: Int, heads: Int, mlpRatio: Int = 4,
                                        causal: Bool = false, generator: inout RandomGenerator) -> Sequential {
        let attention = Sequential(name: "", layers: [
            LayerNorm(name: "norm1", channels: dimension),
            multiHeadSelfAttention(name: "attn", dimension: dimension, heads: heads, causal: causal,
                                   generator: &generator),
        ])
        let mlp = Sequential(name: "", layers: [
            LayerNorm(name: "norm2", channels: dimension),
            Sequential(name: "mlp", layers: [
                Linear(name: "fc1", inputFeatures: dimension, outputFeatures: mlpRatio * dimension, generator: &generator),
                GELU(name: "act"),
                Linear(name: "fc2", inputFeatures: mlpRatio * dimension, outputFeatures: dimension, generator: &generator),
            ]),
        ])
        return Sequential(name: name, layers: [Residual(name: "", body: attention), Residual(name: "", body: mlp)])
    }
}
