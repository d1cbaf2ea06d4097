/// A fully connected layer's forward pass: output = input·weightᵀ + bias.
///
/// input [N, in]; weight [out, in]; bias [out] or nil; output [N, out]. Weight and bias are pointers into the
/// model's parameter store (llm.c style: their sizes follow from the shapes). The batch rows are split across
/// `KernelWorkers.count` workers, each one GEMM [rows, in]·[in, out] (weight transposed by a BLAS flag).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func linearForward<Scalar: KernelScalar>(
    input: [Scalar], batch: Int, inputFeatures: Int, outputFeatures: Int, weight: UnsafePointer<Scalar>,
    bias: UnsafePointer<Scalar>?, output: inout [Scalar]
) {
    precondition(input.count == batch * inputFeatures,
                 "linearForward: \(input.count) inputs for \(batch)×\(inputFeatures)→\(outputFeatures)")
    ensureCount(&output, batch * outputFeatures)
    input.withUnsafeBufferPointer { x in
    output.withUnsafeMutableBufferPointer { y in
        parallelChunks(batch) { rows, _ in
            guard !rows.isEmpty else { return }
            let out = y.baseAddress! + rows.lowerBound &* outputFeatures
            Scalar.blasGemm(transposeA: false, transposeB: true, m: rows.count, n: outputFeatures, k: inputFeatures,
                            alpha: 1, a: x.baseAddress! + rows.lowerBound &* inputFeatures, lda: inputFeatures,
                            b: weight, ldb: inputFeatures, beta: 0, c: out, ldc: outputFeatures)
            guard let bias else { return }
            for r in 0..<rows.count {
                let row = out + r &* outputFeatures
                for o in 0..<outputFeatures { row[o] += bias[o] }
            }
        }
    }}
}

/// The backward pass of `linearForward`.
///
/// outputGradient dY [N, out]; input X [N, in] (of the forward pass); weight [out, in]. Adds ∂L/∂weight = dYᵀ·X
/// into `weightGradient` [out, in] and ∂L/∂bias = Σ_n dY into `biasGradient` [out] (accumulating, as PyTorch; a
/// nil pointer skips that gradient: a frozen parameter or no bias); writes ∂L/∂input = dY·weight [N, in] when
/// `computeInputGradient`. Each worker takes a slice of the output features for the weight and bias gradients (rows
/// of dW, no partial sums) and a slice of the batch for the input gradient.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func linearBackward<Scalar: KernelScalar>(
    outputGradient: [Scalar], input: [Scalar], batch: Int, inputFeatures: Int, outputFeatures: Int,
    weight: UnsafePointer<Scalar>, weightGradient: UnsafeMutablePointer<Scalar>?,
    biasGradient: UnsafeMutablePointer<Scalar>?, computeInputGradient: Bool, inputGradient: inout [Scalar]
) {
    precondition(outputGradient.count == batch * outputFeatures && input.count == batch * inputFeatures,
                 "linearBackward: \(outputGradient.count) gradients, \(input.count) inputs for \(batch)×\(inputFeatures)→\(outputFeatures)")
    if computeInputGradient { ensureCount(&inputGradient, batch * inputFeatures) }
    outputGradient.withUnsafeBufferPointer { dy in
    input.withUnsafeBufferPointer { x in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        if weightGradient != nil || biasGradient != nil {
            parallelChunks(outputFeatures) { features, _ in
                guard !features.isEmpty else { return }
                if let weightGradient {
                    // dW[features, :] += dY[:, features]ᵀ · X: dY's columns are the slice, lda = out.
                    Scalar.blasGemm(transposeA: true, transposeB: false, m: features.count, n: inputFeatures,
                                    k: batch, alpha: 1, a: dy.baseAddress! + features.lowerBound, lda: outputFeatures,
                                    b: x.baseAddress!, ldb: inputFeatures, beta: 1,
                                    c: weightGradient + features.lowerBound &* inputFeatures, ldc: inputFeatures)
                }
                if let biasGradient {
                    for n in 0..<batch {
                        let row = dy.baseAddress! + n &* outputFeatures
                        for o in features { biasGradient[o] += row[o] }
                    }
                }
            }
        }
        if computeInputGradient {
            parallelChunks(batch) { rows, _ in
                guard !rows.isEmpty else { return }
                Scalar.blasGemm(transposeA: false, transposeB: false, m: rows.count, n: inputFeatures,
                                k: outputFeatures, alpha: 1, a: dy.baseAddress! + rows.lowerBound &* outputFeatures,
                                lda: outputFeatures, b: weight, ldb: inputFeatures, beta: 0,
                                c: dx.baseAddress! + rows.lowerBound &* inputFeatures, ldc: inputFeatures)
            }
        }
    }}}
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
