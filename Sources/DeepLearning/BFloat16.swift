/// bfloat16 ("brain floating point", Google's TPU format, PyTorch's `torch.bfloat16`): the top 16 bits of an IEEE
/// binary32 — sign, the same 8-bit exponent, 7 of its 23 fraction bits. Same range as Float (max ≈ 3.39e38,
/// smallest normal 2⁻¹²⁶, smallest subnormal 2⁻¹³³), so gradients that underflow Float16 do not underflow it;
/// 8 significant bits (≈ 2.4 decimal digits) instead of Float16's 11.
///
/// Swift has no such type; this one only stores and converts (arithmetic happens in Float, which is what a CPU
/// without AVX512-BF16 does too).
public struct BFloat16: Sendable, Hashable, CustomStringConvertible {
    public var bitPattern: UInt16

    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// `value` rounded to the nearest bfloat16, ties to the even one (PyTorch's `c10::BFloat16`,
    /// `round_to_nearest_even`): adding 0x7FFF plus the lowest kept bit to the Float's bits and dropping the low 16
    /// carries into the kept part exactly when the dropped part is above half, or exactly half with an odd kept
    /// part. The carry runs through the exponent, so the largest Floats round to infinity and subnormals round
    /// like any other value. NaN becomes a quiet NaN (the carry could otherwise turn a NaN into infinity).
    public init(_ value: Float) {
        guard !value.isNaN else {
            bitPattern = 0x7FC0 | UInt16(value.bitPattern >> 16 & 0x8000)
            return
        }
        let bits = value.bitPattern
        bitPattern = UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ (bits >> 16 & 1)) >> 16)
    }

    /// The Float with these top 16 bits and zeros below: exact.
    public var float: Float { Float(bitPattern: UInt32(bitPattern) << 16) }

    public var description: String { "\(float)" }
}

extension Float {
    /// The bfloat16's value, exactly.
    public init(_ value: BFloat16) { self = value.float }
}
