import CVectorMath

/// Whether the CPU runs CVectorMath's AVX2+FMA element-wise functions (checked once): the exact GELU and the
/// softmax rows take them in Float when it does.
let vectorMathRuns = vector_math_supported() == 1

/// A generic kernel's pointer as the Float pointer a C function takes (call only when `Scalar` is Float).
@inline(__always)
func floats<Scalar>(_ pointer: UnsafePointer<Scalar>) -> UnsafePointer<Float> {
    UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
}

@inline(__always)
func floats<Scalar>(_ pointer: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
}

/// y = e^x element by element through `vector_exp` (8 lanes; the kernels' softmax and GELU inline the same
/// exponential), for the tests that hold it against Double's exp.
func vectorExp(_ x: [Float]) -> [Float] {
    precondition(vectorMathRuns, "vectorExp: this CPU has no AVX2+FMA")
    var y = [Float](repeating: 0, count: x.count)
    x.withUnsafeBufferPointer { x in
        y.withUnsafeMutableBufferPointer { y in vector_exp(x.baseAddress!, y.baseAddress!, x.count) }
    }
    return y
}
