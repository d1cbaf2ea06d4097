import CVectorMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which formula a GELU uses, as PyTorch's `nn.GELU(approximate=...)` names them.
public enum GELUApproximation: String, Sendable, CaseIterable {
    /// x·Φ(x) = ½x·(1 + erf(x/√2)): the exact GELU, PyTorch's default (`approximate='none'`).
    case none
    /// ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))): Hendrycks and Gimpel's approximation, GPT-2's and llm.c's
    /// (`approximate='tanh'`).
    case tanh
}

extension KernelScalar {
    /// The error function in this type's precision (libm's `erff`/`erf`).
    @inlinable static func kernelErf(_ x: Self) -> Self {
        if Self.self == Float.self { return unsafeBitCast(erff(unsafeBitCast(x, to: Float.self)), to: Self.self) }
        return unsafeBitCast(erf(unsafeBitCast(x, to: Double.self)), to: Self.self)
    }

    /// The hyperbolic tangent in this type's precision (libm's `tanhf`/`tanh`).
    @inlinable static func kernelTanh(_ x: Self) -> Self {
        if Self.self == Float.self { return unsafeBitCast(tanhf(unsafeBitCast(x, to: Float.self)), to: Self.self) }
        return unsafeBitCast(Glibc.tanh(unsafeBitCast(x, to: Double.self)), to: Self.self)
    }
}

// The constants of both forms: 1/√2, 1/√(2π) (the normal density's factor), √(2/π), and the cubic's 0.044715.
private let inverseSquareRootOfTwo = 0.70710678118654752440
private let inverseSquareRootOfTwoPi = 0.39894228040143267794
private let squareRootOfTwoOverPi = 0.79788456080286535588
private let cubicCoefficient = 0.044715

/// GELU(x) of one element and its derivative, in either form.
///
/// Exact: y = ½x(1 + erf(x/√2)), dy/dx = ½(1 + erf(x/√2)) + x·φ(x) with φ(x) = e^(−x²/2)/√(2π).
/// Tanh: with u = √(2/π)(x + 0.044715x³), y = ½x(1 + tanh u),
/// dy/dx = ½(1 + tanh u) + ½x·(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)  (llm.c's gelu_backward).
@inline(__always)
func gelu<Scalar: KernelScalar>(_ x: Scalar, _ approximation: GELUApproximation) -> (value: Scalar, slope: Scalar) {
    switch approximation {
    case .none:
        let cdf = (1 + Scalar.kernelErf(x * Scalar(inverseSquareRootOfTwo))) / 2
        let density = Scalar.kernelExp(-x * x / 2) * Scalar(inverseSquareRootOfTwoPi)
        return (x * cdf, cdf + x * density)
    case .tanh:
        let cube = Scalar(cubicCoefficient) * x * x * x
        let t = Scalar.kernelTanh(Scalar(squareRootOfTwoOverPi) * (x + cube))
        let du = Scalar(squareRootOfTwoOverPi) * (1 + 3 * Scalar(cubicCoefficient) * x * x)
        return (x * (1 + t) / 2, (1 + t) / 2 + x * (1 - t * t) * du / 2)
    }
}

/// output = GELU(input) and derivative = GELU′(input), element by element (any shape, [B, T, 4C] in a
/// Transformer's MLP). The derivative shares the forward pass's erf (or tanh), so backward is one multiplication
/// instead of a second pass of transcendental functions. Split across the kernel workers.
///
/// The exact form in Float on an AVX2+FMA CPU runs `vector_gelu` (CVectorMath): 8 lanes, erf by Abramowitz and
/// Stegun 7.1.26 (|error| ≤ 1.5e-7) sharing φ's exponential, within 1e-6·max(1, |x|) of the definition (see
/// TransformerKernelTests). On the small ViT's [3200, 256] it took 1.3 ms where a C loop of libm's erff and expf
/// took 20 ms (best of 5 on a shared core); six of them forward made GELU the step's largest non-GEMM cost.
/// Double and the tanh form keep libm's functions.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func geluForward<Scalar: KernelScalar>(_ input: [Scalar], approximation: GELUApproximation,
                                              output: inout [Scalar], derivative: inout [Scalar]) {
    ensureCount(&output, input.count)
    ensureCount(&derivative, input.count)
    input.withUnsafeBufferPointer { x in
    output.withUnsafeMutableBufferPointer { y in
    derivative.withUnsafeMutableBufferPointer { slopes in
        parallelChunks(x.count) { chunk, _ in
            if Scalar.self == Float.self && approximation == .none && vectorMathRuns {
                let offset = chunk.lowerBound
                return vector_gelu(floats(x.baseAddress! + offset), floats(y.baseAddress! + offset),
                                   floats(slopes.baseAddress! + offset), chunk.count)
            }
            for i in chunk {
                let (value, slope) = gelu(x[i], approximation)
                y[i] = value
                slopes[i] = slope
            }
        }
    }}}
}

/// inputGradient = outputGradient · derivative, element by element (the derivative `geluForward` kept; all three
/// the same count).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func geluBackward<Scalar: KernelScalar>(derivative: [Scalar], outputGradient: [Scalar],
                                               inputGradient: inout [Scalar]) {
    precondition(derivative.count == outputGradient.count,
                 "geluBackward: \(derivative.count) derivatives, \(outputGradient.count) gradients")
    ensureCount(&inputGradient, derivative.count)
    derivative.withUnsafeBufferPointer { slopes in
    outputGradient.withUnsafeBufferPointer { dy in
    inputGradient.withUnsafeMutableBufferPointer { dx in
        parallelChunks(dy.count) { chunk, _ in
            for i in chunk { dx[i] = dy[i] * slopes[i] }
        }
    }}}
}

/// The naive twin of `geluForward`: the defining formulas written out once more, in Double whatever `Scalar`
/// (x·Φ(x) with Φ through erfc for the exact form, so that it shares no code with the fast kernel), rounded back.
public func naiveGELUForward<Scalar: KernelScalar>(_ input: [Scalar], approximation: GELUApproximation) -> [Scalar] {
    input.map { value in
        let x = Double(value)
        switch approximation {
        case .none: return Scalar(x * erfc(-x / 2.0.squareRoot()) / 2)
        case .tanh: return Scalar(x / 2 * (1 + Glibc.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))))
        }
    }
}

/// The naive twin of `geluBackward`: dy · (GELU(x + h) − GELU(x − h))/2h of `naiveGELUForward`'s formula in
/// Double, h = 1e-5, instead of the derivative's closed form (truncation h²/6·|GELU‴| ≲ 1e-11, rounding
/// ε·|GELU|/h ≲ 1e-10 for |x| ≲ 5).
public func naiveGELUBackward<Scalar: KernelScalar>(input: [Scalar], outputGradient: [Scalar],
                                                    approximation: GELUApproximation) -> [Scalar] {
    let h = 1e-5
    func value(_ x: Double) -> Double { naiveGELUForward([x], approximation: approximation)[0] }
    return zip(input, outputGradient).map { x, dy in
        Scalar(Double(dy) * (value(Double(x) + h) - value(Double(x) - h)) / (2 * h))
    }
}
