/// A fully connected layer's forward pass: output = input·weightᵀ + bias.
///
/// input [N, in]; weight [out, in]; bias [out] or empty; output [N, out]. The batch rows are split across
/// `KernelWorkers.count` workers, each one GEMM [rows, in]·[in, out] (weight transposed by a BLAS flag).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func linearForward<Scalar: KernelScalar>(
    input: [Scalar], batch: Int, inputFeatures: Int, outputFeatures: Int, weight: [Scalar], bias: [Scalar],
    output: inout [Scalar]
) {
    precondition(input.count == batch * inputFeatures && weight.count == outputFeatures * inputFeatures
                 && (bias.isEmpty || bias.count == outputFeatures),
                 "linearForward: \(input.count) inputs, \(weight.count) weights, \(bias.count) biases for \(batch)×\(inputFeatures)→\(outputFeatures)")
    ensureCount(&output, batch * outputFeatures)
    input.withUnsafeBufferPointer { x in
    weight.withUnsafeBufferPointer { w in
    bias.withUnsafeBufferPointer { b in
    output.withUnsafeMutableBufferPointer { y in
        parallelChunks(batch) { rows, _ in
            guard !rows.isEmpty else { return }
            let out = y.baseAddress! + rows.lowerBound &* outputFeatures
            Scalar.blasGemm(transposeA: false, transposeB: true, m: rows.count, n: outputFeatures, k: inputFeatures,
                            alpha: 1, a: x.baseAddress! + rows.lowerBound &* inputFeatures, lda: inputFeatures,
                            b: w.baseAddress!, ldb: inputFeatures, beta: 0, c: out, ldc: outputFeatures)
            guard !bias.isEmpty else { return }
            for r in 0..<rows.count {
                let row = out + r &* outputFeatures
                for o in 0..<outputFeatures { row[o] += b[o] }
            }
        }
    }}}}
}

/// The backward pass of `linearForward`.
///
/// outputGradient dY [N, out]; input X [N, in] (of the forward pass); weight [out, in]. Adds ∂L/∂weight = dYᵀ·X
/// [out, in] and ∂L/∂bias = Σ_n dY [out] (accumulating, as PyTorch); writes ∂L/∂input = dY·weight [N, in]. Each
/// worker takes a slice of the output features for the weight and bias gradients (rows of dW, no partial sums)
/// and a slice of the batch for the input gradient.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func linearBackward<Scalar: KernelScalar>(
    outputGradient: [Scalar], input: [Scalar], batch: Int, inputFeatures: Int, outputFeatures: Int,
    weight: [Scalar], computing gradients: GradientSelection,
    weightGradient: inout [Scalar], biasGradient: inout [Scalar], inputGradient: inout [Scalar]
) {
    precondition(outputGradient.count == batch * outputFeatures && input.count == batch * inputFeatures,
                 "linearBackward: \(outputGradient.count) gradients, \(input.count) inputs for \(batch)×\(inputFeatures)→\(outputFeatures)")
    let wantsWeight = gradients.contains(.weight), wantsBias = gradients.contains(.bias)
    let wantsInput = gradients.contains(.input)
    precondition(!wantsWeight || weightGradient.count == weight.count, "linearBackward: weight gradient size")
    precondition(!wantsBias || biasGradient.count == outputFeatures, "linearBackward: bias gradient size")
    if wantsInput { ensureCount(&inputGradient, batch * inputFeatures) }
    outputGradient.withUnsafeBufferPointer { dy in
    input.withUnsafeBufferPointer { x in
    weight.withUnsafeBufferPointer { w in
    weightGradient.withUnsafeMutableBufferPointer { dw in
    biasGradient.withUnsafeMutableBufferPointer { db in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        if wantsWeight || wantsBias {
            parallelChunks(outputFeatures) { features, _ in
                guard !features.isEmpty else { return }
                if wantsWeight {
                    // dW[features, :] += dY[:, features]ᵀ · X: dY's columns are the slice, lda = out.
                    Scalar.blasGemm(transposeA: true, transposeB: false, m: features.count, n: inputFeatures,
                                    k: batch, alpha: 1, a: dy.baseAddress! + features.lowerBound, lda: outputFeatures,
                                    b: x.baseAddress!, ldb: inputFeatures, beta: 1,
                                    c: dw.baseAddress! + features.lowerBound &* inputFeatures, ldc: inputFeatures)
                }
                if wantsBias {
                    for n in 0..<batch {
                        let row = dy.baseAddress! + n &* outputFeatures
                        for o in features { db[o] += row[o] }
                    }
                }
            }
        }
        if wantsInput {
            parallelChunks(batch) { rows, _ in
                guard !rows.isEmpty else { return }
                Scalar.blasGemm(transposeA: false, transposeB: false, m: rows.count, n: inputFeatures,
                                k: outputFeatures, alpha: 1, a: dy.baseAddress! + rows.lowerBound &* outputFeatures,
                                lda: outputFeatures, b: w.baseAddress!, ldb: inputFeatures, beta: 0,
                                c: dx.baseAddress! + rows.lowerBound &* inputFeatures, ldc: inputFeatures)
            }
        }
    }}}}}}
}

/// The naive twin of `linearForward`: y[n, o] = b[o] + Σ_i x[n, i]·w[o, i].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveLinearForward<Scalar: KernelScalar>(
    input: [Scalar], batch: Int, inputFeatures: Int, outputFeatures: Int, weight: [Scalar], bias: [Scalar]
) -> [Scalar] {
    var output = [Scalar](repeating: 0, count: batch * outputFeatures)
    for n in 0..<batch {
        for o in 0..<outputFeatures {
            var sum: Scalar = bias.isEmpty ? 0 : bias[o]
            for i in 0..<inputFeatures { sum += input[n * inputFeatures + i] * weight[o * inputFeatures + i] }
            output[n * outputFeatures + o] = sum
        }
    }
    return output
}

/// The naive twin of `linearBackward`: the three gradients from their definitions (fresh arrays).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveLinearBackward<Scalar: KernelScalar>(
    outputGradient: [Scalar], input: [Scalar], batch: Int, inputFeatures: Int, outputFeatures: Int, weight: [Scalar]
) -> (weight: [Scalar], bias: [Scalar], input: [Scalar]) {
    var weightGradient = [Scalar](repeating: 0, count: weight.count)
    var biasGradient = [Scalar](repeating: 0, count: outputFeatures)
    var inputGradient = [Scalar](repeating: 0, count: input.count)
    for n in 0..<batch {
        for o in 0..<outputFeatures {
            let dy = outputGradient[n * outputFeatures + o]
            biasGradient[o] += dy
            for i in 0..<inputFeatures {
                weightGradient[o * inputFeatures + i] += dy * input[n * inputFeatures + i]
                inputGradient[n * inputFeatures + i] += dy * weight[o * inputFeatures + i]
            }
        }
    }
    return (weightGradient, biasGradient, inputGradient)
}
