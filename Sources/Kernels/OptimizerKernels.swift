// The per-element update loops of the optimizers. Each updates `count` consecutive parameters in place from their
// gradients and the optimizer's state at the same offsets; the DeepLearning optimizers compute the per-step scalars
// (bias corrections, decay factors) and call these once per run of the parameter store that shares them. The operations are written in the order
// PyTorch's CPU kernels perform them (`add(alpha:)` = a + alpha·b, `addcmul` = a + (value·b)·c,
// `addcdiv` = a + (value·b)/c, `lerp` with weight < 0.5 = a + w·(b − a)), so a Double run agrees with float64
// PyTorch to within a few rounding errors per step.

/// One step of SGD with momentum (dampening 0) and L2 weight decay, as `torch.optim.SGD`:
///
///     d = g + weightDecay·p
///     b = momentum·b + d          (when momentum ≠ 0; `b` starts at zero, so the first step gives b = d,
///                                  as PyTorch's b = clone(d))
///     p = p − learningRate·(momentum ≠ 0 ? b : d)
///
/// `count` parameters p, gradients g and (when `momentum ≠ 0`) momentum values b, e.g. a run of the parameter
/// store and the optimizer's state at the same offsets; b may be nil when `momentum` is 0.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func sgdUpdate<Scalar: KernelScalar>(
    count: Int, parameters p: UnsafeMutablePointer<Scalar>, gradients g: UnsafePointer<Scalar>,
    momentumBuffer b: UnsafeMutablePointer<Scalar>?, learningRate: Scalar, momentum: Scalar, weightDecay: Scalar
) {
    let negativeLearningRate = -learningRate
    guard momentum != 0, let b else {
        for i in 0..<count { p[i] = p[i] + negativeLearningRate * (g[i] + weightDecay * p[i]) }
        return
    }
    for i in 0..<count {
        b[i] = b[i] * momentum + (g[i] + weightDecay * p[i])
        p[i] = p[i] + negativeLearningRate * b[i]
    }
}

/// One step of Adam for one parameter tensor, in PyTorch's arrangement (`torch.optim.Adam`, single-tensor path;
/// the foreach path performs the same operations on lists):
///
///     p = p · decoupledDecayFactor          (AdamW: 1 − lr·λ; Adam passes 1, which changes nothing)
///     g' = g + l2WeightDecay·p              (Adam's weight decay: L2 added to the gradient, not to p.grad)
///     m = m + (1 − β₁)·(g' − m)             (torch's `lerp_`, equal to β₁m + (1 − β₁)g' up to rounding)
///     v = β₂·v + ((1 − β₂)·g')·g'           (torch's `mul_(β₂).addcmul_(g, g, value: 1 − β₂)`)
///     p = p + (−stepSize·m) / (√v / biasCorrection2Root + ε)
///
/// firstWeight = 1 − β₁ and secondWeight = 1 − β₂ come from the caller, formed in Double and rounded once, as
/// PyTorch rounds its Python float `1 - beta2` to the tensor's type: 1 − Float(0.999) would be 0.000999987, off
/// from Float(0.001) by a relative 1.3e-5.
///
/// With bias correction, the caller passes stepSize = lr / (1 − β₁ᵗ) and biasCorrection2Root = √(1 − β₂ᵗ), so the
/// denominator is √v̂ + ε with v̂ = v/(1 − β₂ᵗ): ε is added AFTER the square root and AFTER the correction, which
/// is where PyTorch puts it (not inside the root, not before the division). Without bias correction the caller
/// passes stepSize = lr and biasCorrection2Root = 1 (an exact division), giving p − lr·m/(√v + ε).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func adamUpdate<Scalar: KernelScalar>(
    count: Int, parameters p: UnsafeMutablePointer<Scalar>, gradients g: UnsafePointer<Scalar>,
    firstMoment m: UnsafeMutablePointer<Scalar>, secondMoment v: UnsafeMutablePointer<Scalar>,
    firstWeight: Scalar, beta2: Scalar, secondWeight: Scalar, epsilon: Scalar, l2WeightDecay: Scalar,
    decoupledDecayFactor: Scalar, stepSize: Scalar, biasCorrection2Root: Scalar
) {
    let negativeStepSize = -stepSize
    // Element-wise, so the split across kernel workers (and into runs of the parameter store) changes no number.
    parallelChunks(count) { chunk, _ in for i in chunk {
        let decayed = p[i] * decoupledDecayFactor
        let gradient = g[i] + l2WeightDecay * decayed
        m[i] = m[i] + firstWeight * (gradient - m[i])
        v[i] = v[i] * beta2 + secondWeight * gradient * gradient
        let denominator = v[i].squareRoot() / biasCorrection2Root + epsilon
        p[i] = decayed + negativeStepSize * m[i] / denominator
    } }
}

/// m̂ = m / correction (or v̂ = v / correction): Adam's bias-corrected moment, for display.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func adamBiasCorrected<Scalar: KernelScalar>(_ moment: [Scalar], by correction: Scalar) -> [Scalar] {
    var corrected = moment
    corrected.withUnsafeMutableBufferPointer { c in
        for i in 0..<c.count { c[i] = c[i] / correction }
    }
    return corrected
}
