/// Every GEMM one training step of `model` runs on a batch of shape `inputShape`, derived from its layers the way
/// the kernels call BLAS, then merged by shape (the same m, n, k and transposes add their calls up):
///
/// - Conv2d, per group of G images (G = `WindowGeometry.imagesPerGroup`, ⌈N/G⌉ groups, P = OH·OW): forward
///   W [OC, C·K²] · columns [C·K², G·P]; weight gradient dY [OC, G·P] · columnsᵀ; input gradient (unless the
///   layer is the first and skips it) either the transposed convolution W′ [C, OC·K²] · im2col(dY) [OC·K², G·H·W]
///   (`usesTransposedInputGradient`) or Wᵀ [C·K², OC] · dY [OC, G·P] before col2im.
/// - Linear on [B, in] (or [B, T, in]: B·T rows): forward X·Wᵀ (B×out×in), weight gradient dYᵀ·X (out×in×B),
///   input gradient dY·W (B×in×out).
///
/// - ScaledDotProductAttention on [B, T, 3C] (NH heads of hs = C/NH), B·NH calls of each per-head product: forward
///   Q·Kᵀ (T×T×hs, K transposed) and P·V (T×hs×T); backward dV = Pᵀ·dO, dP = dO·Vᵀ, dQ = dS·K, dK = dSᵀ·Q
///   (`attentionBackward`'s four batched GEMMs).
///
/// Batch norm, layer norm, pooling, ReLU, GELU, softmax and the residual additions run no GEMM.
public func trainingStepGemms(of model: any Layer<Float>, inputShape: [Int]) throws -> [GemmShape] {
    var merged: [GemmShape] = []
    for shape in try trainingStepGemmsByLayer(of: model, inputShape: inputShape).flatMap(\.gemms) {
        if let index = merged.firstIndex(where: { $0.hasSameProduct(as: shape) }) {
            merged[index].calls += shape.calls
            merged[index].label += ", " + shape.label
        } else {
            merged.append(shape)
        }
    }
    return merged
}

/// The GEMMs of one convolution, linear or attention layer in a training step (forward, then dW, then dX when it
/// runs; attention's two forward products, then its four gradient products).
public struct LayerGemms: Sendable {
    /// The layer's full name in the module tree ("layer1.0.conv1").
    public var path: String
    public var gemms: [GemmShape]
}

/// `trainingStepGemms`' list before merging: each convolution, linear and attention layer of `model`, depth first, with its
/// own GEMMs (labelled "path fwd", "path dW", "path dX").
public func trainingStepGemmsByLayer(of model: any Layer<Float>, inputShape: [Int]) throws -> [LayerGemms] {
    var layers: [LayerGemms] = []
    func visit(_ layer: any Layer<Float>, path: String, input: [Int]) throws {
        if let conv = layer as? Conv2d<Float> {
            layers.append(LayerGemms(path: path, gemms: convolutionGemms(conv, path: path, input: input)))
        } else if let linear = layer as? Linear<Float> {
            // [B, T, C]: B·T rows
            layers.append(LayerGemms(path: path, gemms: linearGemms(linear, path: path, batch: input.dropLast().reduce(1, *))))
        } else if let attention = layer as? ScaledDotProductAttention<Float> {
            layers.append(LayerGemms(path: path, gemms: attentionGemms(attention, path: path,
                                                                       shape: try attention.attentionShape(for: input))))
        }
        for (child, shape) in zip(layer.children, try layer.childInputShapes(for: input)) {
            try visit(child, path: path.isEmpty ? child.name : child.name.isEmpty ? path : path + "." + child.name,
                      input: shape)
        }
    }
    try visit(model, path: model.name, input: inputShape)
    return layers
}

private func convolutionGemms(_ conv: Conv2d<Float>, path: String, input: [Int]) -> [GemmShape] {
    let g = WindowGeometry(batch: input[0], channels: input[1], height: input[2], width: input[3],
                           kernelHeight: conv.kernelSize, kernelWidth: conv.kernelSize, stride: conv.stride,
                           padding: conv.padding)
    let oc = conv.outputChannels, group = g.imagesPerGroup
    /// The GEMMs of `calls` groups of `images` images each.
    func groupGemms(images: Int, calls: Int) -> [GemmShape] {
        var shapes = [
            GemmShape(label: path + " fwd", m: oc, n: images * g.outputPlane, k: g.patchSize, calls: calls),
            GemmShape(label: path + " dW", transposeB: true, m: oc, n: g.patchSize, k: images * g.outputPlane,
                      calls: calls),
        ]
        if conv.needsInputGradient {
            shapes.append(g.usesTransposedInputGradient(outputChannels: oc)
                ? GemmShape(label: path + " dX", m: g.channels, n: images * g.inputPlane,
                            k: oc * conv.kernelSize * conv.kernelSize, calls: calls)
                : GemmShape(label: path + " dX", transposeA: true, m: g.patchSize, n: images * g.outputPlane, k: oc,
                            calls: calls))
        }
        return shapes
    }
    // ⌊N/G⌋ full groups, then the rest of the batch as one smaller group.
    let remainder = g.batch % group
    return groupGemms(images: group, calls: g.batch / group)
        + (remainder > 0 ? groupGemms(images: remainder, calls: 1) : [])
}

private func linearGemms(_ linear: Linear<Float>, path: String, batch: Int) -> [GemmShape] {
    let (input, output) = (linear.inputFeatures, linear.outputFeatures)
    return [
        GemmShape(label: path + " fwd", transposeB: true, m: batch, n: output, k: input),
        GemmShape(label: path + " dW", transposeA: true, m: output, n: input, k: batch),
    ] + (linear.needsInputGradient ? [GemmShape(label: path + " dX", m: batch, n: input, k: output)] : [])
}

private func attentionGemms(_ attention: ScaledDotProductAttention<Float>, path: String,
                            shape: AttentionShape) -> [GemmShape] {
    let (t, hs, calls) = (shape.tokens, shape.headSize, shape.batch * shape.heads)
    return [
        GemmShape(label: path + " QKᵀ", transposeB: true, m: t, n: t, k: hs, calls: calls),
        GemmShape(label: path + " PV", m: t, n: hs, k: t, calls: calls),
    ] + (attention.needsInputGradient ? [
        GemmShape(label: path + " dV", transposeA: true, m: t, n: hs, k: t, calls: calls),
        GemmShape(label: path + " dP", transposeB: true, m: t, n: t, k: hs, calls: calls),
        GemmShape(label: path + " dQ", m: t, n: hs, k: t, calls: calls),
        GemmShape(label: path + " dK", transposeA: true, m: t, n: hs, k: t, calls: calls),
    ] : [])
}
