import DeepLearning
import Kernels

/// One GEMM shape of the training step, run `calls` times: C[m×n] = op(A)·op(B) with op(A) m×k, op(B) k×n.
struct GemmShape: Equatable {
    /// The layers and directions that run it, e.g. "layer1.0.conv1 fwd, layer1.0.conv2 fwd".
    var label: String
    var transposeA = false
    var transposeB = false
    var m: Int
    var n: Int
    var k: Int
    var calls = 1
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) * Double(calls) }
    var dimensions: String { "\(transposeA ? "ᵀ" : "")\(m)×\(n)×\(k)\(transposeB ? "ᵀ" : "")" }
}

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
/// Batch norm, pooling, ReLU and the residual additions run no GEMM. Attention's per-head products (Q·Kᵀ, P·V and
/// their gradients, small batched GEMMs) are not listed: the ViT's list is its linear layers and patch embedding.
func trainingStepGemms(of model: any Layer<Float>, inputShape: [Int]) throws -> [GemmShape] {
    var shapes: [GemmShape] = []
    func visit(_ layer: any Layer<Float>, path: String, input: [Int]) throws {
        if let conv = layer as? Conv2d<Float> {
            shapes += convolutionGemms(conv, path: path, input: input)
        } else if let linear = layer as? Linear<Float> {
            shapes += linearGemms(linear, path: path, batch: input.dropLast().reduce(1, *))  // [B, T, C]: B·T rows
        }
        for (child, shape) in zip(layer.children, try layer.childInputShapes(for: input)) {
            try visit(child, path: path.isEmpty ? child.name : child.name.isEmpty ? path : path + "." + child.name,
                      input: shape)
        }
    }
    try visit(model, path: model.name, input: inputShape)
    var merged: [GemmShape] = []
    for shape in shapes {
        if let index = merged.firstIndex(where: { $0.transposeA == shape.transposeA && $0.transposeB == shape.transposeB
                                                  && $0.m == shape.m && $0.n == shape.n && $0.k == shape.k }) {
            merged[index].calls += shape.calls
            merged[index].label += ", " + shape.label
        } else {
            merged.append(shape)
        }
    }
    return merged
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
