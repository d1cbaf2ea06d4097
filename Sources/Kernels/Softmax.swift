import CVectorMath

/// Softmax of one row in place, over its first `valid` entries; the rest are set to 0 (a causal mask's future
/// positions: e^−∞ = 0). Subtracts the row's maximum before exponentiating, so no exponential overflows.
/// Float on an AVX2+FMA CPU: `vector_softmax_row` (8 lanes, `vector_exp`), within a few ulps of the naive twin
/// per probability (TransformerKernelTests).
@inline(__always)
func softmaxRow<Scalar: KernelScalar>(_ row: UnsafeMutablePointer<Scalar>, count: Int, valid: Int) {
    if Scalar.self == Float.self && vectorMathRuns { return vector_softmax_row(floats(row), count, valid) }
    var maximum = row[0]
    for j in 1..<valid where row[j] > maximum { maximum = row[j] }
    var total: Scalar = 0
    for j in 0..<valid {
        let e = Scalar.kernelExp(row[j] - maximum)
        row[j] = e
        total += e
    }
    let inverse = 1 / total
    for j in 0..<valid { row[j] *= inverse }
    for j in valid..<count { row[j] = 0 }
}

/// The backward pass of one softmax row, in place: with p the row's output and g = ∂L/∂p,
/// ∂L/∂z_j = p_j·(g_j − Σ_k g_k·p_k) (the Jacobian diag(p) − p·pᵀ applied to g). Masked entries (p = 0) get 0.
@inline(__always)
func softmaxBackwardRow<Scalar: KernelScalar>(probabilities p: UnsafePointer<Scalar>,
                                              gradient g: UnsafeMutablePointer<Scalar>, count: Int) {
    if Scalar.self == Float.self && vectorMathRuns {
        return vector_softmax_backward_row(floats(p), floats(g), count)
    }
    var dot: Scalar = 0
    for j in 0..<count { dot += g[j] * p[j] }
    for j in 0..<count { g[j] = p[j] * (g[j] - dot) }
}

/// Softmax along the last axis: input, output [N, C] (any leading shape flattened into N rows);
/// output[n, j] = e^(x[n, j] − m_n) / Σ_k e^(x[n, k] − m_n) with m_n the row's maximum. Rows split across the
/// kernel workers.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func softmaxForward<Scalar: KernelScalar>(_ input: [Scalar], rows: Int, columns: Int, output: inout [Scalar]) {
    precondition(input.count == rows * columns && columns > 0, "softmaxForward: \(input.count) inputs for \(rows)×\(columns)")
    copy(input, into: &output)
    output.withUnsafeMutableBufferPointer { y in
        parallelChunks(rows) { chunk, _ in
            for r in chunk { softmaxRow(y.baseAddress! + r &* columns, count: columns, valid: columns) }
        }
    }
}

/// The backward pass of `softmaxForward` from its output p (all [N, C]): dx = p ⊙ (dy − Σ_row dy·p).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func softmaxBackward<Scalar: KernelScalar>(output: [Scalar], outputGradient: [Scalar], rows: Int, columns: Int,
                                                  inputGradient: inout [Scalar]) {
    precondition(output.count == rows * columns && outputGradient.count == output.count,
                 "softmaxBackward: \(output.count) outputs, \(outputGradient.count) gradients for \(rows)×\(columns)")
    copy(outputGradient, into: &inputGradient)
    output.withUnsafeBufferPointer { p in
    inputGradient.withUnsafeMutableBufferPointer { g in
        parallelChunks(rows) { chunk, _ in
            for r in chunk {
                softmaxBackwardRow(probabilities: p.baseAddress! + r &* columns, gradient: g.baseAddress! + r &* columns,
                                   count: columns)
            }
        }
    }}
}

/// The naive twin of `softmaxForward`: e^x / Σe^x straight from the definition (no maximum subtracted, so only
/// for inputs of moderate size, as in the tests), in Double whatever `Scalar`.
public func naiveSoftmaxForward<Scalar: KernelScalar>(_ input: [Scalar], rows: Int, columns: Int) -> [Scalar] {
    (0..<rows).flatMap { r -> [Scalar] in
        let exponentials = input[r * columns..<(r + 1) * columns].map { Double.kernelExp(Double($0)) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { Scalar($0 / total) }
    }
}

/// The naive twin of `softmaxBackward`: the full Jacobian ∂p_j/∂x_i = p_j(δ_ij − p_i) of each row applied to dy,
/// an O(C²) sum per row, from the input x.
public func naiveSoftmaxBackward<Scalar: KernelScalar>(input: [Scalar], outputGradient: [Scalar], rows: Int,
                                                       columns: Int) -> [Scalar] {
    let p = naiveSoftmaxForward(input, rows: rows, columns: columns)
    var result = [Scalar](repeating: 0, count: input.count)
    for r in 0..<rows {
        for i in 0..<columns {
            var total: Scalar = 0
            for j in 0..<columns {
                let kronecker: Scalar = i == j ? 1 : 0
                total += outputGradient[r * columns + j] * p[r * columns + j] * (kronecker - p[r * columns + i])
            }
            result[r * columns + i] = total
        }
    }
    return result
}
