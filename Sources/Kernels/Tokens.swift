// The reshapes and embeddings between a ViT's image and its tokens. Pure copies and sums, each the other's
// backward pass; they are checked by the layers' gradient checks and the ViT's fixture rather than by naive
// twins (there is nothing simpler to compare a copy with).

/// output[b, j, i] = input[b, i, j]: each of `batch` matrices [rows, columns] transposed to [columns, rows].
/// A patch embedding's convolution output [B, C, T] becomes tokens [B, T, C] (PyTorch's
/// `x.flatten(2).transpose(1, 2)`), and its backward pass is the same call with rows and columns swapped.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func transposeMatrices<Scalar: KernelScalar>(_ input: [Scalar], batch: Int, rows: Int, columns: Int,
                                                    output: inout [Scalar]) {
    precondition(input.count == batch * rows * columns, "transposeMatrices: \(input.count) values for \(batch)×\(rows)×\(columns)")
    ensureCount(&output, input.count)
    input.withUnsafeBufferPointer { x in
    output.withUnsafeMutableBufferPointer { y in
        for b in 0..<batch {
            let source = x.baseAddress! + b &* rows &* columns, target = y.baseAddress! + b &* rows &* columns
            for i in 0..<rows {
                for j in 0..<columns { target[j &* rows &+ i] = source[i &* columns &+ j] }
            }
        }
    }}
}

/// A ViT's token sequence: output[b, 0] = classToken + position[0], output[b, 1 + t] = patches[b, t] +
/// position[1 + t]. patches [B, T, C]; classToken [C]; position [T + 1, C]; output [B, T + 1, C].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func tokenEmbeddingForward<Scalar: KernelScalar>(
    patches: [Scalar], batch: Int, tokens: Int, channels: Int, classToken: UnsafePointer<Scalar>,
    position: UnsafePointer<Scalar>, output: inout [Scalar]
) {
    precondition(patches.count == batch * tokens * channels, "tokenEmbeddingForward: \(patches.count) values for \(batch)×\(tokens)×\(channels)")
    let sequence = (tokens + 1) * channels
    ensureCount(&output, batch * sequence)
    patches.withUnsafeBufferPointer { x in
    output.withUnsafeMutableBufferPointer { y in
        for b in 0..<batch {
            let out = y.baseAddress! + b &* sequence, source = x.baseAddress! + b &* tokens &* channels
            for c in 0..<channels { out[c] = classToken[c] + position[c] }
            for i in 0..<tokens &* channels { out[channels &+ i] = source[i] + position[channels &+ i] }
        }
    }}
}

/// The backward pass of `tokenEmbeddingForward`: outputGradient [B, T + 1, C] → patchGradient [B, T, C] (its last
/// T tokens); adds Σ_b dy[b, 0] into `classTokenGradient` [C] and Σ_b dy[b] into `positionGradient` [T + 1, C]
/// (nil: frozen), images in order.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func tokenEmbeddingBackward<Scalar: KernelScalar>(
    outputGradient: [Scalar], batch: Int, tokens: Int, channels: Int,
    classTokenGradient: UnsafeMutablePointer<Scalar>?, positionGradient: UnsafeMutablePointer<Scalar>?,
    patchGradient: inout [Scalar]
) {
    let sequence = (tokens + 1) * channels
    precondition(outputGradient.count == batch * sequence, "tokenEmbeddingBackward: \(outputGradient.count) gradients for \(batch)×\(tokens + 1)×\(channels)")
    ensureCount(&patchGradient, batch * tokens * channels)
    outputGradient.withUnsafeBufferPointer { dy in
    patchGradient.withUnsafeMutableBufferPointer { dx in
        for b in 0..<batch {
            let row = dy.baseAddress! + b &* sequence
            if let classTokenGradient { for c in 0..<channels { classTokenGradient[c] += row[c] } }
            if let positionGradient { for i in 0..<sequence { positionGradient[i] += row[i] } }
            (dx.baseAddress! + b &* tokens &* channels).update(from: row + channels, count: tokens &* channels)
        }
    }}
}

/// output[b] = input[b, token]: one token of each sequence, [B, T, C] → [B, C] (a ViT's head reads the class
/// token, token 0).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func selectToken<Scalar: KernelScalar>(_ input: [Scalar], batch: Int, tokens: Int, channels: Int, token: Int,
                                              output: inout [Scalar]) {
    precondition(input.count == batch * tokens * channels && token < tokens, "selectToken: token \(token) of \(input.count) values for \(batch)×\(tokens)×\(channels)")
    ensureCount(&output, batch * channels)
    input.withUnsafeBufferPointer { x in
    output.withUnsafeMutableBufferPointer { y in
        for b in 0..<batch {
            (y.baseAddress! + b &* channels).update(from: x.baseAddress! + (b &* tokens &+ token) &* channels, count: channels)
        }
    }}
}

/// The backward pass of `selectToken`: outputGradient [B, C] → inputGradient [B, T, C], zero but at `token`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func selectTokenBackward<Scalar: KernelScalar>(_ outputGradient: [Scalar], batch: Int, tokens: Int,
                                                      channels: Int, token: Int, inputGradient: inout [Scalar]) {
    precondition(outputGradient.count == batch * channels, "selectTokenBackward: \(outputGradient.count) gradients for \(batch)×\(channels)")
    ensureCount(&inputGradient, batch * tokens * channels)
    outputGradient.withUnsafeBufferPointer { dy in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        zero(dx)
        for b in 0..<batch {
            (dx.baseAddress! + (b &* tokens &+ token) &* channels).update(from: dy.baseAddress! + b &* channels, count: channels)
        }
    }}
}
