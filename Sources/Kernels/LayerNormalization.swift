/// What layer normalisation's forward pass keeps for backward (llm.c's `mean` and `rstd`): per row the mean and
/// 1/√(σ² + ε), both [N].
public struct LayerNormSaved<Scalar: KernelScalar>: Sendable {
    public var mean: [Scalar] = []
    public var inverseStandardDeviation: [Scalar] = []
    public init() {}
}

/// Layer normalisation over the last axis (PyTorch's nn.LayerNorm(C), llm.c's `layernorm_forward`).
///
/// input, output: [N, C] (N = B·T rows of C channels); weight γ, bias β: [C] (pointers into the parameters).
/// Per row: μ = Σx/C, σ² = Σ(x − μ)²/C (biased, two passes for accuracy), y = γ·(x − μ)/√(σ² + ε) + β. μ and
/// 1/√(σ² + ε) go into `saved` for backward, which recomputes x̂ from the input rather than storing it. Rows are
/// split across the kernel workers; each row is computed the same way whoever computes it.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func layerNormForward<Scalar: KernelScalar>(
    input: [Scalar], rows: Int, channels: Int, weight: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>,
    epsilon: Scalar, saved: inout LayerNormSaved<Scalar>, output: inout [Scalar]
) {
    precondition(input.count == rows * channels, "layerNormForward: \(input.count) inputs for \(rows)×\(channels)")
    ensureCount(&output, input.count)
    ensureCount(&saved.mean, rows)
    ensureCount(&saved.inverseStandardDeviation, rows)
    input.withUnsafeBufferPointer { x in
    output.withUnsafeMutableBufferPointer { y in
    saved.mean.withUnsafeMutableBufferPointer { means in
    saved.inverseStandardDeviation.withUnsafeMutableBufferPointer { inverses in
        parallelChunks(rows) { chunk, _ in
            for r in chunk {
                let row = x.baseAddress! + r &* channels, out = y.baseAddress! + r &* channels
                let mean = sum(row, channels) / Scalar(channels)
                let variance = sumOfSquaredDeviations(row, channels, from: mean) / Scalar(channels)
                let inverse = 1 / (variance + epsilon).squareRoot()
                means[r] = mean
                inverses[r] = inverse
                for c in 0..<channels { out[c] = (row[c] - mean) * inverse * weight[c] + bias[c] }
            }
        }
    }}}}
}

/// The backward pass of `layerNormForward` (llm.c's `layernorm_backward`).
///
/// outputGradient dy, input x (of the forward pass), inputGradient dx: [N, C]. With x̂ = (x − μ)·rstd and
/// g = dy·γ, per row: dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) (μ and σ depend on every x of the row). Adds
/// dγ = Σ_rows dy·x̂ and dβ = Σ_rows dy into `weightGradient`, `biasGradient` [C] (nil: frozen). The input
/// gradient splits rows across workers; the parameter gradients split channels (each worker sums its channels over
/// all rows in row order, so any worker count gives the same numbers).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func layerNormBackward<Scalar: KernelScalar>(
    outputGradient: [Scalar], input: [Scalar], rows: Int, channels: Int, weight: UnsafePointer<Scalar>,
    saved: LayerNormSaved<Scalar>, weightGradient: UnsafeMutablePointer<Scalar>?,
    biasGradient: UnsafeMutablePointer<Scalar>?, computeInputGradient: Bool, inputGradient: inout [Scalar]
) {
    precondition(outputGradient.count == rows * channels && input.count == rows * channels
                 && saved.mean.count == rows, "layerNormBackward: no forward pass on \(rows)×\(channels)")
    if computeInputGradient { ensureCount(&inputGradient, input.count) }
    outputGradient.withUnsafeBufferPointer { dy in
    input.withUnsafeBufferPointer { x in
    saved.mean.withUnsafeBufferPointer { means in
    saved.inverseStandardDeviation.withUnsafeBufferPointer { inverses in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        if weightGradient != nil || biasGradient != nil {
            // One loop per gradient, its optional unwrapped outside the loop over channels so that the loop can
            // vectorise (with optional chaining per element the ViT's 13 LayerNorms took 13.7 ms backward against
            // 3.4 forward, `bench steps --profile`); per element the same operations in the same row order.
            parallelChunks(channels) { features, _ in
                for r in 0..<rows {
                    let offset = r &* channels, mean = means[r], inverse = inverses[r]
                    if let weightGradient {
                        for c in features { weightGradient[c] += dy[offset &+ c] * ((x[offset &+ c] - mean) * inverse) }
                    }
                    if let biasGradient {
                        for c in features { biasGradient[c] += dy[offset &+ c] }
                    }
                }
            }
        }
        guard computeInputGradient else { return }
        parallelChunks(rows) { chunk, _ in
            for r in chunk {
                let offset = r &* channels, mean = means[r], inverse = inverses[r]
                var meanG: Scalar = 0, meanGXHat: Scalar = 0
                for c in 0..<channels {
                    let g = dy[offset &+ c] * weight[c]
                    meanG += g
                    meanGXHat += g * ((x[offset &+ c] - mean) * inverse)
                }
                meanG /= Scalar(channels)
                meanGXHat /= Scalar(channels)
                for c in 0..<channels {
                    let xHat = (x[offset &+ c] - mean) * inverse
                    dx[offset &+ c] = (dy[offset &+ c] * weight[c] - meanG - xHat * meanGXHat) * inverse
                }
            }
        }
    }}}}}
}

/// The naive twin of `layerNormForward`: mean and biased variance from their definitions, one row at a time.
/// input [N, C] → output [N, C].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveLayerNormForward<Scalar: KernelScalar>(
    input: [Scalar], rows: Int, channels: Int, weight: [Scalar], bias: [Scalar], epsilon: Scalar
) -> [Scalar] {
    var output = input
    for r in 0..<rows {
        let row = Array(input[r * channels..<(r + 1) * channels])
        let mean = row.reduce(0, +) / Scalar(channels)
        let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Scalar(channels)
        for c in 0..<channels {
            output[r * channels + c] = weight[c] * (row[c] - mean) / (variance + epsilon).squareRoot() + bias[c]
        }
    }
    return output
}

/// The naive twin of `layerNormBackward`, by the chain rule element by element: within a row of C values,
/// ∂y_j/∂x_i = γ_j·rstd·(δ_ij − 1/C − x̂_i·x̂_j/C), so dx_i = Σ_j dy_j·∂y_j/∂x_i, an O(C²) sum per row.
/// Returns (dx [N, C], dγ [C], dβ [C]).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveLayerNormBackward<Scalar: KernelScalar>(
    input: [Scalar], outputGradient: [Scalar], rows: Int, channels: Int, weight: [Scalar], epsilon: Scalar
) -> (input: [Scalar], weight: [Scalar], bias: [Scalar]) {
    var inputGradient = input
    var weightGradient = [Scalar](repeating: 0, count: channels), biasGradient = weightGradient
    let n = Scalar(channels)
    for r in 0..<rows {
        let row = Array(input[r * channels..<(r + 1) * channels])
        let dy = Array(outputGradient[r * channels..<(r + 1) * channels])
        let mean = row.reduce(0, +) / n
        let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let inverse = 1 / (variance + epsilon).squareRoot()
        let xHat = row.map { ($0 - mean) * inverse }
        for i in 0..<channels {
            var total: Scalar = 0
            for j in 0..<channels {
                let kronecker: Scalar = i == j ? 1 : 0
                total += dy[j] * weight[j] * inverse * (kronecker - 1 / n - xHat[i] * xHat[j] / n)
            }
            inputGradient[r * channels + i] = total
            weightGradient[i] += dy[i] * xHat[i]
            biasGradient[i] += dy[i]
        }
    }
    return (inputGradient, weightGradient, biasGradient)
}
