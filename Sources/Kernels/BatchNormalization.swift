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
/// Channels are split across the kernel workers.
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
    saved.inverseStandardDeviation.withUnsafeMutableBufferPointer { inverses in
        // Channels are independent: split across the kernel workers, each channel computed the same way whoever
        // computes it, so any worker count gives the same numbers.
        parallelChunks(channels) { chunk, _ in
            for c in chunk {
                var mean = runningMean[c], variance = runningVariance[c]
                if useBatchStatistics {
                    var total: Scalar = 0
                    for n in 0..<batch { total += sum(x.baseAddress! + (n &* channels &+ c) &* plane, plane) }
                    mean = total / Scalar(m)
                    var squares: Scalar = 0
                    for n in 0..<batch {
                        squares += sumOfSquaredDeviations(x.baseAddress! + (n &* channels &+ c) &* plane, plane, from: mean)
                    }
                    variance = squares / Scalar(m)
                    let unbiased = m > 1 ? squares / Scalar(m - 1) : variance
                    runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean
                    runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * unbiased
                }
                let inverse = 1 / (variance + epsilon).squareRoot()
                inverses[c] = inverse
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
    }}}}
}

/// The backward pass of `batchNormForward` (which ran just before with the same `useBatchStatistics`).
///
/// outputGradient, inputGradient: [N, C, P]. Adds ∂L/∂γ_c = Σ dy·x̂ into `gammaGradient` and ∂L/∂β_c = Σ dy into
/// `betaGradient` [C] (each skipped when nil: frozen), and writes ∂L/∂x. With batch statistics μ and σ depend on x:
/// dx = γ·inv/M · (M·dy − Σdy − x̂·Σ(dy·x̂)), computed as γ·inv·dy − (γ·inv/M·Σdy) − (γ·inv/M·Σ(dy·x̂))·x̂ with
/// the two brackets once per channel; with running statistics they are constants: dx = γ·inv·dy. Channels are split
/// across the kernel workers.
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
    saved.inverseStandardDeviation.withUnsafeBufferPointer { inverses in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        parallelChunks(channels) { chunk, _ in
            for c in chunk {
                var sumDy: Scalar = 0, sumDyXHat: Scalar = 0
                for n in 0..<batch {
                    let offset = (n &* channels &+ c) &* plane
                    let sums = sumAndDot(dy.baseAddress! + offset, xHat.baseAddress! + offset, plane)
                    sumDy += sums.sum
                    sumDyXHat += sums.dot
                }
                gammaGradient?[c] += sumDyXHat
                betaGradient?[c] += sumDy
                let factor = gamma[c] * inverses[c]
                for n in 0..<batch {
                    let offset = (n &* channels &+ c) &* plane
                    if useBatchStatistics {
                        let shift = factor / m * sumDy, slope = factor / m * sumDyXHat
                        for p in 0..<plane { dx[offset &+ p] = factor * dy[offset &+ p] - shift - slope * xHat[offset &+ p] }
                    } else {
                        for p in 0..<plane { dx[offset &+ p] = factor * dy[offset &+ p] }
                    }
                }
            }
        }
    }}}}
}

// The sums over one row of a channel. Eight partial sums, combined pairwise at the end, instead of one running
// sum: a Float addition waits for the one before it (4 cycles), so a single chain runs at a quarter of an addition
// per cycle and cannot be vectorised; eight independent chains fill the pipeline and vectorise. The order of the
// additions is fixed, so the result does not depend on the worker count.

/// Σ x[0..<count].
@inline(__always)
func sum<Scalar: KernelScalar>(_ x: UnsafePointer<Scalar>, _ count: Int) -> Scalar {
    var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
    var s4: Scalar = 0, s5: Scalar = 0, s6: Scalar = 0, s7: Scalar = 0
    var i = 0
    while i &+ 8 <= count {
        s0 += x[i]; s1 += x[i &+ 1]; s2 += x[i &+ 2]; s3 += x[i &+ 3]
        s4 += x[i &+ 4]; s5 += x[i &+ 5]; s6 += x[i &+ 6]; s7 += x[i &+ 7]
        i &+= 8
    }
    while i < count { s0 += x[i]; i &+= 1 }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

/// Σ (x[i] − mean)² over i in 0..<count.
@inline(__always)
func sumOfSquaredDeviations<Scalar: KernelScalar>(_ x: UnsafePointer<Scalar>, _ count: Int, from mean: Scalar) -> Scalar {
    var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
    var s4: Scalar = 0, s5: Scalar = 0, s6: Scalar = 0, s7: Scalar = 0
    var i = 0
    while i &+ 8 <= count {
        let d0 = x[i] - mean, d1 = x[i &+ 1] - mean, d2 = x[i &+ 2] - mean, d3 = x[i &+ 3] - mean
        let d4 = x[i &+ 4] - mean, d5 = x[i &+ 5] - mean, d6 = x[i &+ 6] - mean, d7 = x[i &+ 7] - mean
        s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
        s4 += d4 * d4; s5 += d5 * d5; s6 += d6 * d6; s7 += d7 * d7
        i &+= 8
    }
    while i < count { let d = x[i] - mean; s0 += d * d; i &+= 1 }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

/// (Σ a[i], Σ a[i]·b[i]) over i in 0..<count, in one pass: batch norm's Σdy and Σdy·x̂.
@inline(__always)
func sumAndDot<Scalar: KernelScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ count: Int)
    -> (sum: Scalar, dot: Scalar) {
    var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
    var d0: Scalar = 0, d1: Scalar = 0, d2: Scalar = 0, d3: Scalar = 0
    var i = 0
    while i &+ 4 <= count {
        s0 += a[i]; s1 += a[i &+ 1]; s2 += a[i &+ 2]; s3 += a[i &+ 3]
        d0 += a[i] * b[i]; d1 += a[i &+ 1] * b[i &+ 1]; d2 += a[i &+ 2] * b[i &+ 2]; d3 += a[i &+ 3] * b[i &+ 3]
        i &+= 4
    }
    while i < count { s0 += a[i]; d0 += a[i] * b[i]; i &+= 1 }
    return (((s0 + s1) + (s2 + s3)), ((d0 + d1) + (d2 + d3)))
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
