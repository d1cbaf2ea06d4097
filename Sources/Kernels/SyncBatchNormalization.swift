/// BatchNorm's training passes split where a synchronised BatchNorm all-reduces (PyTorch's SyncBatchNorm): the
/// per-channel sums of the local batch, then the normalisation with statistics of the GLOBAL batch. With the sums of
/// one process these are `batchNormForward`/`batchNormBackward` with batch statistics, up to rounding (the variance
/// here comes from Σx² − M·μ², accumulated in Double). Naive twins: `naiveBatchNormForward`/`naiveBatchNormBackward`
/// on the whole batch, which a world of one rank must reproduce.

/// sums[c] = Σ x and sums[C + c] = Σ x² over the N·P values of channel c. input [N, C, P], sums [2C] (Double).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func batchNormChannelSums<Scalar: KernelScalar>(
    input: [Scalar], batch: Int, channels: Int, plane: Int, sums: UnsafeMutableBufferPointer<Double>
) {
    precondition(input.count == batch * channels * plane && sums.count == 2 * channels,
                 "batchNormChannelSums: \(input.count) inputs for \(batch)×\(channels)×\(plane), \(sums.count) sums")
    input.withUnsafeBufferPointer { x in
        for c in 0..<channels {
            var total = 0.0, squares = 0.0
            for n in 0..<batch {
                let row = x.baseAddress! + (n &* channels &+ c) &* plane
                for p in 0..<plane {
                    let value = Double(row[p])
                    total += value
                    squares += value * value
                }
            }
            sums[c] = total
            sums[channels + c] = squares
        }
    }
}

/// y = γ·x̂ + β with x̂ = (x − μ)·inv, μ = S/M and inv = 1/√(Q/M − μ² + ε) from the global sums S, Q [2C] over M
/// values per channel; keeps x̂ and inv in `saved` for backward and moves the running estimates as PyTorch does
/// (unbiased variance ·M/(M − 1)). input, output [N, C, P].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func batchNormNormalize<Scalar: KernelScalar>(
    input: [Scalar], batch: Int, channels: Int, plane: Int, globalSums: UnsafeBufferPointer<Double>, globalCount: Int,
    gamma: UnsafePointer<Scalar>, beta: UnsafePointer<Scalar>, runningMean: UnsafeMutablePointer<Scalar>,
    runningVariance: UnsafeMutablePointer<Scalar>, momentum: Scalar, epsilon: Scalar,
    saved: inout BatchNormSaved<Scalar>, output: inout [Scalar]
) {
    ensureCount(&output, input.count)
    ensureCount(&saved.normalized, input.count)
    ensureCount(&saved.inverseStandardDeviation, channels)
    let m = Double(globalCount)
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            saved.normalized.withUnsafeMutableBufferPointer { xHat in
                for c in 0..<channels {
                    let mean = globalSums[c] / m
                    let variance = max(0, globalSums[channels + c] / m - mean * mean)
                    let unbiased = globalCount > 1 ? variance * m / (m - 1) : variance
                    runningMean[c] = (1 - momentum) * runningMean[c] + momentum * Scalar(mean)
                    runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * Scalar(unbiased)
                    let inverse = Scalar(1 / (variance + Double(epsilon)).squareRoot())
                    saved.inverseStandardDeviation[c] = inverse
                    let (shift, scale, centre) = (beta[c], gamma[c], Scalar(mean))
                    for n in 0..<batch {
                        let offset = (n &* channels &+ c) &* plane
                        for p in 0..<plane {
                            let normalized = (x[offset &+ p] - centre) * inverse
                            xHat[offset &+ p] = normalized
                            y[offset &+ p] = normalized * scale + shift
                        }
                    }
                }
            }
        }
    }
}

/// sums[c] = weight·Σ dy and sums[C + c] = weight·Σ dy·x̂ over the local values of channel c (weight: this
/// rank's share of the global loss, so that the all-reduced sums are those of the global loss). dy [N, C, P].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func batchNormBackwardSums<Scalar: KernelScalar>(
    outputGradient: [Scalar], batch: Int, channels: Int, plane: Int, saved: BatchNormSaved<Scalar>, weight: Double,
    sums: UnsafeMutableBufferPointer<Double>
) {
    precondition(outputGradient.count == saved.normalized.count, "batchNormBackwardSums: no forward pass on this shape")
    outputGradient.withUnsafeBufferPointer { dy in
        saved.normalized.withUnsafeBufferPointer { xHat in
            for c in 0..<channels {
                var sumDy = 0.0, sumDyXHat = 0.0
                for n in 0..<batch {
                    let offset = (n &* channels &+ c) &* plane
                    for p in 0..<plane {
                        sumDy += Double(dy[offset &+ p])
                        sumDyXHat += Double(dy[offset &+ p]) * Double(xHat[offset &+ p])
                    }
                }
                sums[c] = weight * sumDy
                sums[channels + c] = weight * sumDyXHat
            }
        }
    }
}

/// dx = γ·inv·(dy − (S/w)/M − x̂·(T/w)/M) from the global weighted sums S = Σ w·dy, T = Σ w·dy·x̂ [2C] over M
/// values per channel and this rank's weight w; adds the LOCAL dγ = Σ dy·x̂ and dβ = Σ dy (the data-parallel
/// average combines them like every other gradient). dy, dx [N, C, P].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func batchNormBackwardInput<Scalar: KernelScalar>(
    outputGradient: [Scalar], batch: Int, channels: Int, plane: Int, gamma: UnsafePointer<Scalar>,
    saved: BatchNormSaved<Scalar>, globalSums: UnsafeBufferPointer<Double>, globalCount: Int, weight: Double,
    localSums: UnsafeBufferPointer<Double>, gammaGradient: UnsafeMutablePointer<Scalar>?,
    betaGradient: UnsafeMutablePointer<Scalar>?, inputGradient: inout [Scalar]
) {
    ensureCount(&inputGradient, outputGradient.count)
    let m = Double(globalCount)
    outputGradient.withUnsafeBufferPointer { dy in
        saved.normalized.withUnsafeBufferPointer { xHat in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                for c in 0..<channels {
                    betaGradient?[c] += Scalar(localSums[c] / weight)
                    gammaGradient?[c] += Scalar(localSums[channels + c] / weight)
                    let meanDy = Scalar(globalSums[c] / weight / m)
                    let meanDyXHat = Scalar(globalSums[channels + c] / weight / m)
                    let factor = gamma[c] * saved.inverseStandardDeviation[c]
                    for n in 0..<batch {
                        let offset = (n &* channels &+ c) &* plane
                        for p in 0..<plane {
                            dx[offset &+ p] = factor * (dy[offset &+ p] - meanDy - xHat[offset &+ p] * meanDyXHat)
                        }
                    }
                }
            }
        }
    }
}
