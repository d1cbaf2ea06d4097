#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The per-element loops of the four losses. Each function reads predictions and targets, writes
// d(loss)/d(prediction) into a caller-owned buffer of the same count (reused across steps, so nothing is allocated
// here), and returns the loss. Every loss is the mean over its elements (PyTorch's default `reduction='mean'`), so
// every gradient element carries a factor 1/count.
//
// Accumulation is in `Scalar`, in index order, so a Float loss is reproducible bit for bit across runs.

extension KernelScalar {
    /// e^x in this type's precision (libm's `expf`/`exp`). `Self` is Float or Double (the only conformances);
    /// the branch folds away once the caller is specialized.
    @inlinable static func kernelExp(_ x: Self) -> Self {
        if Self.self == Float.self { return unsafeBitCast(expf(unsafeBitCast(x, to: Float.self)), to: Self.self) }
        return unsafeBitCast(exp(unsafeBitCast(x, to: Double.self)), to: Self.self)
    }

    /// The natural logarithm (libm's `logf`/`log`).
    @inlinable static func kernelLog(_ x: Self) -> Self {
        if Self.self == Float.self { return unsafeBitCast(logf(unsafeBitCast(x, to: Float.self)), to: Self.self) }
        return unsafeBitCast(log(unsafeBitCast(x, to: Double.self)), to: Self.self)
    }

    /// log(1 + x), accurate for tiny x where `log(1 + x)` would round 1 + x to 1 (libm's `log1pf`/`log1p`).
    @inlinable static func kernelLog1p(_ x: Self) -> Self {
        if Self.self == Float.self { return unsafeBitCast(log1pf(unsafeBitCast(x, to: Float.self)), to: Self.self) }
        return unsafeBitCast(log1p(unsafeBitCast(x, to: Double.self)), to: Self.self)
    }
}

/// Cross-entropy of `logits` (N×C, row-major) against class indices `targets` (N, each in 0..<C), mean over the
/// batch, with PyTorch's label smoothing ε and class weights w (`nn.CrossEntropyLoss(weight=w,
/// label_smoothing=ε)`): the target distribution is q = (1 − ε)·onehot(t) + ε/C; sample n's one-hot part weighs
/// w[tₙ], its smoothing part weighs each class c by w[c], and the mean divides by W = Σₙ w[tₙ] instead of N (ATen's
/// `cross_entropy_loss_label_smoothing`, whose nll part is `nll_loss(weight=w)` and whose smoothing part is
/// Σₙ Σ_c −w[c] log softmax(zₙ)_c / W):
///
///     L = (1/W) Σₙ [(1 − ε) w[tₙ] (lse(zₙ) − z[n, tₙ]) + (ε/C) Σ_c w[c] (lse(zₙ) − z[n, c])],
///     lse(zₙ) = log Σ_c exp(z[n, c]).
///
/// Without weights w ≡ 1 and W = N; with ε = 0 it is the (weighted) plain cross-entropy. Either way the unweighted
/// result is bit for bit what it was before weights existed: the weight factors are then exact multiplications by
/// 1, W = N and Σ_c w[c] = C are exact integers, and a row's mass m (below) is taken as exactly 1.
///
/// Numerically stable: each row subtracts its maximum before exponentiating, so no exp overflows and the
/// largest term is exactly 1. The gradient, written into `gradient` (N×C), is
///
///     ∂L/∂z[n, j] = (1/W) [m_n softmax(zₙ)_j − (1 − ε) w[tₙ] δ(j, tₙ) − (ε/C) w[j]],
///     m_n = (1 − ε) w[tₙ] + (ε/C) Σ_c w[c]   (the weighted mass of row n's target; 1 without weights),
///
/// i.e. (softmax(z) − q) / N unweighted. The caller has checked shapes, that every target lies in 0..<C, that
/// 0 ≤ ε ≤ 1 and that `classWeights`, if given, holds C values ≥ 0. A batch whose targets all weigh 0 has W = 0
/// and gives NaN, as PyTorch does.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func crossEntropyLossAndGradient<Scalar: KernelScalar>(
    logits: [Scalar], targets: [Int], batch: Int, classes: Int, labelSmoothing: Scalar = 0,
    classWeights: [Scalar]? = nil, gradient: inout [Scalar]
) -> Scalar {
    precondition(logits.count == batch &* classes && targets.count == batch && gradient.count == logits.count
                    && (classWeights?.count ?? classes) == classes,
                 "crossEntropyLossAndGradient: buffer sizes do not match \(batch)×\(classes)")
    let weighted = classWeights != nil
    let weights = classWeights ?? []
    // W, summed in index order; N exactly without weights.
    var totalWeight = Scalar(batch)
    if weighted {
        totalWeight = 0
        for n in 0..<batch { totalWeight += weights[targets[n]] }
    }
    let weightSum = weighted ? weights.reduce(0, +) : Scalar(classes)
    let inverseTotal = 1 / totalWeight
    // The target's share and every class's share of ε, in the loss and (divided by W) in the gradient.
    let targetShare = 1 - labelSmoothing, classShare = labelSmoothing / Scalar(classes)
    let gradientShare = classShare * inverseTotal, gradientTarget = targetShare * inverseTotal
    var total: Scalar = 0
    logits.withUnsafeBufferPointer { z in
        targets.withUnsafeBufferPointer { t in
            weights.withUnsafeBufferPointer { w in
                gradient.withUnsafeMutableBufferPointer { g in
                    for n in 0..<batch {
                        let row = n &* classes
                        let targetWeight: Scalar = weighted ? w[t[n]] : 1
                        var maximum = z[row]
                        for c in 1..<classes where z[row &+ c] > maximum { maximum = z[row &+ c] }
                        // g holds exp(z − max) for now; sumExp ≥ 1 because the max term is exp(0) = 1.
                        var sumExp: Scalar = 0, weightedSumLogits: Scalar = 0
                        for c in 0..<classes {
                            let e = Scalar.kernelExp(z[row &+ c] - maximum)
                            g[row &+ c] = e
                            sumExp += e
                            weightedSumLogits += (weighted ? w[c] : 1) * z[row &+ c]
                        }
                        let logSumExp = maximum + Scalar.kernelLog(sumExp)
                        // Σ_c w[c](lse − z_c) = (Σ_c w[c])·lse − Σ_c w[c] z_c: the smoothing term without a second
                        // pass over the row.
                        total += targetShare * (targetWeight * (logSumExp - z[row &+ t[n]]))
                            + classShare * (weightSum * logSumExp - weightedSumLogits)
                        // m_n: (1 − ε) + ε is 1 in real arithmetic but not always in rounded parts, so unweighted
                        // rows take it as exactly 1.
                        let mass = weighted ? targetShare * targetWeight + classShare * weightSum : 1
                        let scale = mass * inverseTotal / sumExp
                        for c in 0..<classes { g[row &+ c] = g[row &+ c] * scale - gradientShare * (weighted ? w[c] : 1) }
                        g[row &+ t[n]] -= gradientTarget * targetWeight
                    }
                }
            }
        }
    }
    return total * inverseTotal
}

/// Binary cross-entropy on logits z against targets y (any shape, same count), mean over elements, in the stable
/// form PyTorch's `BCEWithLogitsLoss` uses: ℓ = max(z, 0) − z·y + log(1 + exp(−|z|)). It equals
/// −[y log σ(z) + (1 − y) log(1 − σ(z))] but never exponentiates a positive number, so no overflow for any z.
/// The gradient is (σ(z) − y) / count, with σ evaluated from exp(−|z|) for the same reason.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func binaryCrossEntropyWithLogitsLossAndGradient<Scalar: KernelScalar>(
    logits: [Scalar], targets: [Scalar], gradient: inout [Scalar]
) -> Scalar {
    precondition(logits.count == targets.count && gradient.count == logits.count,
                 "binaryCrossEntropyWithLogitsLossAndGradient: buffer sizes differ")
    let count = logits.count
    let inverseCount = 1 / Scalar(count)
    var total: Scalar = 0
    logits.withUnsafeBufferPointer { z in
        targets.withUnsafeBufferPointer { y in
            gradient.withUnsafeMutableBufferPointer { g in
                for i in 0..<count {
                    let e = Scalar.kernelExp(-abs(z[i]))          // in (0, 1]
                    total += max(z[i], 0) - z[i] * y[i] + Scalar.kernelLog1p(e)
                    let sigmoid = z[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
                    g[i] = (sigmoid - y[i]) * inverseCount
                }
            }
        }
    }
    return total * inverseCount
}

/// Binary cross-entropy on probabilities p ∈ [0, 1] against targets y, mean over elements:
/// ℓ = −[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)].
///
/// The clamp of each log at −100 is PyTorch's (`BCELoss`): it keeps the loss finite at p = 0 or 1. The gradient
/// is PyTorch's too: (p − y) / max(p(1 − p), ε) / count, which is the exact derivative wherever no clamp is
/// active and stays finite where one is. PyTorch's ε is the Float 1e-12 (a `float` constant in ATen), i.e.
/// 9.999999960041972e-13 even in float64, and so is this one: at p = 0, y = 1 the gradient is −1/ε/count.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func binaryCrossEntropyLossAndGradient<Scalar: KernelScalar>(
    probabilities: [Scalar], targets: [Scalar], gradient: inout [Scalar]
) -> Scalar {
    precondition(probabilities.count == targets.count && gradient.count == probabilities.count,
                 "binaryCrossEntropyLossAndGradient: buffer sizes differ")
    let count = probabilities.count
    let inverseCount = 1 / Scalar(count)
    let logFloor: Scalar = -100
    let denominatorFloor = Scalar(Float(1e-12))
    var total: Scalar = 0
    probabilities.withUnsafeBufferPointer { p in
        targets.withUnsafeBufferPointer { y in
            gradient.withUnsafeMutableBufferPointer { g in
                for i in 0..<count {
                    let logP = max(Scalar.kernelLog(p[i]), logFloor)
                    let logOneMinusP = max(Scalar.kernelLog(1 - p[i]), logFloor)
                    total -= y[i] * logP + (1 - y[i]) * logOneMinusP
                    g[i] = inverseCount * (p[i] - y[i]) / max((1 - p[i]) * p[i], denominatorFloor)
                }
            }
        }
    }
    return total * inverseCount
}

/// Mean squared error over elements, (1/count) Σ (x − y)², and its gradient 2(x − y)/count.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func meanSquaredErrorLossAndGradient<Scalar: KernelScalar>(
    predictions: [Scalar], targets: [Scalar], gradient: inout [Scalar]
) -> Scalar {
    precondition(predictions.count == targets.count && gradient.count == predictions.count,
                 "meanSquaredErrorLossAndGradient: buffer sizes differ")
    let count = predictions.count
    let inverseCount = 1 / Scalar(count)
    let twoOverCount = 2 * inverseCount
    var total: Scalar = 0
    predictions.withUnsafeBufferPointer { x in
        targets.withUnsafeBufferPointer { y in
            gradient.withUnsafeMutableBufferPointer { g in
                for i in 0..<count {
                    let difference = x[i] - y[i]
                    total += difference * difference
                    g[i] = difference * twoOverCount
                }
            }
        }
    }
    return total * inverseCount
}

/// The index of the first element that is not in [0, 1] (NaN included), or nil: BCE's domain check.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func indexOfFirstElementOutsideUnitInterval<Scalar: KernelScalar>(_ values: [Scalar]) -> Int? {
    values.withUnsafeBufferPointer { x in
        for i in 0..<x.count where !(x[i] >= 0 && x[i] <= 1) { return i }
        return nil
    }
}
