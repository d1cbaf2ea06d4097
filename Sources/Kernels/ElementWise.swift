import Glibc  // memset

/// output = max(input, 0), element by element (any shape); NaN stays NaN, as in PyTorch.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func reluForward<Scalar: KernelScalar>(_ input: [Scalar], output: inout [Scalar]) {
    ensureCount(&output, input.count)
    input.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { output in
            parallelChunks(input.count) { chunk, _ in
                for i in chunk { output[i] = input[i] < 0 ? 0 : input[i] }  // NaN stays NaN, as in PyTorch
            }
        }
    }
}

/// inputGradient = outputGradient where the ReLU's output is positive, else 0 (any shape; all three the same).
/// PyTorch's convention: the gradient at exactly 0 is 0.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func reluBackward<Scalar: KernelScalar>(output: [Scalar], outputGradient: [Scalar], inputGradient: inout [Scalar]) {
    precondition(output.count == outputGradient.count, "reluBackward: \(output.count) outputs, \(outputGradient.count) gradients")
    ensureCount(&inputGradient, output.count)
    output.withUnsafeBufferPointer { output in
        outputGradient.withUnsafeBufferPointer { outputGradient in
            inputGradient.withUnsafeMutableBufferPointer { inputGradient in
                parallelChunks(output.count) { chunk, _ in
                    for i in chunk { inputGradient[i] = .branchlessSelect(output[i] > 0, outputGradient[i], 0) }
                }
            }
        }
    }
}

/// sum = a + b, element by element (same shapes): the residual connection's forward pass, and its backward pass
/// where the two branches' input gradients meet.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func add<Scalar: KernelScalar>(_ a: [Scalar], _ b: [Scalar], into sum: inout [Scalar]) {
    precondition(a.count == b.count, "add: \(a.count) and \(b.count) elements")
    ensureCount(&sum, a.count)
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            sum.withUnsafeMutableBufferPointer { sum in
                for i in 0..<a.count { sum[i] = a[i] + b[i] }
            }
        }
    }
}

/// destination = source, into a buffer that is kept between steps (no allocation once it has the right size).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func copy<Scalar: KernelScalar>(_ source: [Scalar], into destination: inout [Scalar]) {
    ensureCount(&destination, source.count)
    source.withUnsafeBufferPointer { source in
        destination.withUnsafeMutableBufferPointer { destination in
            destination.baseAddress!.update(from: source.baseAddress!, count: source.count)
        }
    }
}

/// output[i] = input[i]·scale where keep[i] ≠ 0, else 0: dropout's forward pass (scale = 1/(1 − p)) and, applied
/// to the output gradient with the same mask, its backward pass.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func applyMask<Scalar: KernelScalar>(_ input: [Scalar], keep: [UInt8], scale: Scalar, output: inout [Scalar]) {
    precondition(input.count == keep.count, "applyMask: \(input.count) values, \(keep.count) mask entries")
    ensureCount(&output, input.count)
    input.withUnsafeBufferPointer { input in
        keep.withUnsafeBufferPointer { keep in
            output.withUnsafeMutableBufferPointer { output in
                for i in 0..<input.count { output[i] = .branchlessSelect(keep[i] != 0, input[i] * scale, 0) }
            }
        }
    }
}

/// The numbers converted to `Scalar` (rounded to nearest): how initial weights drawn in Double reach a network.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func converted<Scalar: KernelScalar>(_ values: [Double], to _: Scalar.Type = Scalar.self) -> [Scalar] {
    values.map { Scalar($0) }
}

/// Sets every element to `value`, keeping the storage (gradients are cleared this way between steps).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func fill<Scalar: KernelScalar>(_ buffer: inout [Scalar], with value: Scalar) {
    buffer.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        base.update(repeating: value, count: buffer.count)
    }
}

/// Sets every element of `buffer` to zero with one `memset` (the bits of +0.0 are all zero in IEEE 754): how the
/// parameter store clears its one gradient buffer between steps.
public func zero<Scalar: KernelScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>) {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
    memset(base, 0, buffer.count * MemoryLayout<Scalar>.stride)
}

/// Σ xᵢ², accumulated in Double whatever the scalar type (a Float sum over a million squares would lose digits):
/// the squared global gradient norm that clipping and divergence checks read.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func sumOfSquares<Scalar: KernelScalar>(_ buffer: UnsafeBufferPointer<Scalar>) -> Double {
    var total = 0.0
    for value in buffer { total += Double(value) * Double(value) }
    return total
}

/// buffer[i] ← buffer[i]·factor: gradient clipping's rescale.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func scale<Scalar: KernelScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, by factor: Scalar) {
    for i in buffer.indices { buffer[i] *= factor }
}
