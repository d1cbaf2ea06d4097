// Glibc for libm: `squareRoot()` compiles to a call to `sqrt`, and executables linking Kernels need -lm.
import Glibc

/// What BatchNorm's training forward pass keeps for backward: per channel 1/√(σ² + ε) [C], and x̂ [N, C, P].
public struct BatchNormSaved<Scalar: KernelScalar>: Sendable {
    public var normalized: [Scalar] = []
    public var inverseStandardDeviation: [Scalar] = []
    public init() {}
}

/// Batch normalisation over N and the P = H·W pixels of each channel (PyTorch's BatchNorm2d).
///
/// input, output: [N, C, P]; gamma, beta, runningMean, runningVariance: [C] (pointers into the model's parameters
/// and buffers).
/// Training (`useBatchStatistics`): μ_c and the biased σ²_c of the batch normalise; the running estimates move by
/// `running ← (1 − momentum)·running + momentum·batch`, with the UNBIASED variance σ²·M/(M − 1), M = N·P, as PyTorch.
/// Evaluation: the running estimates normalise. Either way y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε), and x̂ and
/// 1/√(σ² + ε) are kept in `saved` for backward. The variance is computed in two passes (mean first) for accuracy.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func batchNormForward<Scalar: KernelScalar>(
    input: [Scalar], batch: Int, channels: Int, plane: Int, gamma: UnsafePointer<Scalar>, beta: UnsafePointer<Scalar>,
    runningMean: UnsafeMutablePointer<Scalar>, runningVariance: UnsafeMutablePointer<Scalar>, momentum: Scalar,
    epsilon: Scalar, useBatchStatistics: Bool, saved: inout BatchNormSaved<Scalar>, output: inout [Scalar]
) {
    precondition(input.count == batch * channels * plane,
                 "batchNormForward: \(input.count) inputs for \(batch)×\(channels)×\(plane)")
    ensureCount(&output, input.count)
    ensureCount(&saved.normalized, input.count)
    ensureCount(&saved.inverseStandardDeviation, channels)
    let m = batch * plane
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            saved.normalized.withUnsafeMutableBufferPointer { xHat in
                for c in 0..<channels {
                    var mean = runningMean[c], variance = runningVariance[c]
                    if useBatchStatistics {
                        var total: Scalar = 0
                        for n in 0..<batch {
                            let row = x.baseAddress! + (n &* channels &+ c) &* plane
                            for p in 0..<plane { total += row[p] }
                        }
                        mean = total / Scalar(m)
                        var squares: Scalar = 0
                        for n in 0..<batch {
                            let row = x.baseAddress! + (n &* channels &+ c) &* plane
                            for p in 0..<plane { squares += (row[p] - mean) * (row[p] - mean) }
                        }
                        variance = squares / Scalar(m)
                        let unbiased = m > 1 ? squares / Scalar(m - 1) : variance
                        runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean
                        runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * unbiased
                    }
                    let inverse = 1 / (variance + epsilon).squareRoot()
                    saved.inverseStandardDeviation[c] = inverse
                    let scale = gamma[c], shift = beta[c]
                    for n in 0..<batch {
                        let offset = (n &* channels &+ c) &* plane
                        for p in 0..<plane {
                            let normalized = (x[offset &+ p] - mean) * inverse
                            xHat[offset &+ p] = normalized
                            y[offset &+ p] = normalized * scale + shift
                        }
                    }
                }
            }
        }
    }
}

/// The backward pass of `batchNormForward` (which ran just before with the same `useBatchStatistics`).
///
/// outputGradient, inputGradient: [N, C, P]. Adds ∂L/∂γ_c = Σ dy·x̂ into `gammaGradient` and ∂L/∂β_c = Σ dy into
/// `betaGradient` [C] (each skipped when nil: frozen), and writes ∂L/∂x. With batch statistics μ and σ depend on x:
/// dx = γ·inv/M · (M·dy − Σdy − x̂·Σ(dy·x̂)); with running statistics they are constants: dx = γ·inv·dy.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func batchNormBackward<Scalar: KernelScalar>(
    outputGradient: [Scalar], batch: Int, channels: Int, plane: Int, gamma: UnsafePointer<Scalar>,
    saved: BatchNormSaved<Scalar>, useBatchStatistics: Bool, gammaGradient: UnsafeMutablePointer<Scalar>?,
    betaGradient: UnsafeMutablePointer<Scalar>?, inputGradient: inout [Scalar]
) {
    precondition(outputGradient.count == saved.normalized.count, "batchNormBackward: no forward pass on this shape")
    ensureCount(&inputGradient, outputGradient.count)
    let m = Scalar(batch * plane)
    outputGradient.withUnsafeBufferPointer { dy in
        saved.normalized.withUnsafeBufferPointer { xHat in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                for c in 0..<channels {
                    var sumDy: Scalar = 0, sumDyXHat: Scalar = 0
                    for n in 0..<batch {
                        let offset = (n &* channels &+ c) &* plane
                        for p in 0..<plane {
                            sumDy += dy[offset &+ p]
                            sumDyXHat += dy[offset &+ p] * xHat[offset &+ p]
                        }
                    }
                    gammaGradient?[c] += sumDyXHat
                    betaGradient?[c] += sumDy
                    let factor = gamma[c] * saved.inverseStandardDeviation[c]
                    for n in 0..<batch {
                        let offset = (n &* channels &+ c) &* plane
                        for p in 0..<plane {
                            dx[offset &+ p] = useBatchStatistics
                                ? factor / m * (m * dy[offset &+ p] - sumDy - xHat[offset &+ p] * sumDyXHat)
                                : factor * dy[offset &+ p]
                        }
                    }
                }
            }
        }
    }
}

/// The naive twin of `batchNormForward` with batch statistics: mean and biased variance straight from their
/// definitions, then y = γ·(x − μ)/√(σ² + ε) + β. input [N, C, P] → output [N, C, P].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveBatchNormForward<Scalar: KernelScalar>(
    input: [Scalar], batch: Int, channels: Int, plane: Int, gamma: [Scalar], beta: [Scalar], epsilon: Scalar
) -> [Scalar] {
    var output = input
    for c in 0..<channels {
        let indices = (0..<batch).flatMap { n in (0..<plane).map { (n * channels + c) * plane + $0 } }
        let mean = indices.reduce(0) { $0 + input[$1] } / Scalar(indices.count)
        let variance = indices.reduce(0) { $0 + (input[$1] - mean) * (input[$1] - mean) } / Scalar(indices.count)
        for i in indices { output[i] = gamma[c] * (input[i] - mean) / (variance + epsilon).squareRoot() + beta[c] }
    }
    return output
}

/// The naive twin of `batchNormBackward` with batch statistics, by the chain rule element by element:
/// ∂y_j/∂x_i = γ/√(σ² + ε) · (δ_ij − 1/M − x̂_i·x̂_j/M) within a channel of M = N·P values, so
/// dx_i = Σ_j dy_j·∂y_j/∂x_i, an O(M²) sum per channel. Returns (dx [N, C, P], dγ [C], dβ [C]).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveBatchNormBackward<Scalar: KernelScalar>(
    input: [Scalar], outputGradient: [Scalar], batch: Int, channels: Int, plane: Int, gamma: [Scalar],
    epsilon: Scalar
) -> (input: [Scalar], gamma: [Scalar], beta: [Scalar]) {
    var inputGradient = input, gammaGradient = gamma, betaGradient = gamma
    for c in 0..<channels {
        let indices = (0..<batch).flatMap { n in (0..<plane).map { (n * channels + c) * plane + $0 } }
        let m = Scalar(indices.count)
        let mean = indices.reduce(0) { $0 + input[$1] } / m
        let variance = indices.reduce(0) { $0 + (input[$1] - mean) * (input[$1] - mean) } / m
        let inverse = 1 / (variance + epsilon).squareRoot()
        let normalized = indices.map { (input[$0] - mean) * inverse }
        for (a, i) in indices.enumerated() {
            var sum: Scalar = 0
            for (b, j) in indices.enumerated() {
                let kronecker: Scalar = a == b ? 1 : 0
                sum += outputGradient[j] * gamma[c] * inverse * (kronecker - 1 / m - normalized[a] * normalized[b] / m)
            }
            inputGradient[i] = sum
        }
        gammaGradient[c] = zip(indices, normalized).reduce(0) { $0 + outputGradient[$1.0] * $1.1 }
        betaGradient[c] = indices.reduce(0) { $0 + outputGradient[$1] }
    }
    return (inputGradient, gammaGradient, betaGradient)
}
