import DeepLearning

/// Attention rollout (Abnar & Zuidema 2020): where the class token's decision looks in the image, through every
/// layer. Each layer's attention probabilities are averaged over its heads, the residual connection is added as
/// the identity and each row renormalised to sum to 1, Â_l = rownorm(mean_h P_l,h + I), and the layers are
/// multiplied from the bottom up, R = Â_L · … · Â_1. Row 0 of R over the patch tokens is the class token's map:
/// how much of the information it holds at the top came from each patch.
public enum AttentionRollout {
    /// R [T, T] (row-major, rows summing to 1) from `layers`, bottom first, each one image's probabilities
    /// [heads, T, T] (row i: query token i's weights over the keys, as `ScaledDotProductAttention.probabilities`
    /// keeps them per image).
    public static func rollout(_ layers: [[Double]], heads: Int, tokens: Int) -> [Double] {
        let t = tokens
        var result = identity(t)
        for probabilities in layers {
            precondition(probabilities.count == heads * t * t, "AttentionRollout: \(probabilities.count) values for \(heads)×\(t)×\(t)")
            var layer = identity(t)
            for h in 0..<heads {
                for i in 0..<t * t { layer[i] += probabilities[h * t * t + i] / Double(heads) }
            }
            for row in 0..<t {
                let sum = layer[row * t ..< (row + 1) * t].reduce(0, +)
                for column in 0..<t { layer[row * t + column] /= sum }
            }
            result = product(layer, result, t)
        }
        return result
    }

    /// The class token's (token 0's) row of `rollout` over the patch tokens 1…T−1.
    public static func classTokenMap(_ rollout: [Double], tokens: Int) -> [Double] { Array(rollout[1..<tokens]) }

    /// The class token's map for each image of `inputs` [N, C, H, W] (normalised as in training), from one forward
    /// pass of `model` in evaluation mode: N maps of the patch grid (49 values for patch 4 on 28×28), row-major.
    public static func classTokenMaps(of model: Sequential<Float>, inputs: Tensor<Float>) throws -> [[Double]] {
        let layers = attentionLayers(in: model)
        guard let first = layers.first else { throw OptionError("attention rollout: the model has no attention layer") }
        model.eval()
        defer { model.train() }
        _ = try model.forward(inputs)
        let (images, heads) = (inputs.shape[0], first.heads)
        let tokens = Int(Double(first.probabilities.count / (images * heads)).squareRoot().rounded())
        let perImage = heads * tokens * tokens
        return (0..<images).map { n in
            let probabilities = layers.map { layer in layer.probabilities[n * perImage ..< (n + 1) * perImage].map(Double.init) }
            return classTokenMap(rollout(probabilities, heads: heads, tokens: tokens), tokens: tokens)
        }
    }

    /// The attention layers of `layer`'s module tree, in forward order (a ViT's blocks bottom first).
    static func attentionLayers(in layer: any Layer<Float>) -> [ScaledDotProductAttention<Float>] {
        if let attention = layer as? ScaledDotProductAttention<Float> { return [attention] }
        return layer.children.flatMap { attentionLayers(in: $0) }
    }

    /// A patch grid's map (side × side) at the image's resolution: every pixel takes its patch's value (a patch
    /// is one token; nothing finer exists to draw).
    public static func upsampled(_ map: [Double], patchesPerSide side: Int, imageSide: Int) -> [Double] {
        let patch = imageSide / side
        return (0..<imageSide * imageSide).map { pixel in map[(pixel / imageSide / patch) * side + (pixel % imageSide) / patch] }
    }

    private static func identity(_ t: Int) -> [Double] {
        (0..<t * t).map { $0 / t == $0 % t ? 1 : 0 }
    }

    /// a · b for t×t row-major matrices.
    private static func product(_ a: [Double], _ b: [Double], _ t: Int) -> [Double] {
        var c = [Double](repeating: 0, count: t * t)
        for i in 0..<t {
            for k in 0..<t where a[i * t + k] != 0 {
                for j in 0..<t { c[i * t + j] += a[i * t + k] * b[k * t + j] }
            }
        }
        return c
    }
}
