/// The floating-point formats a mixed-precision run keeps its tensors in (Micikevicius et al. 2018, "Mixed
/// Precision Training"): FP32, IEEE half precision (Swift's `Float16`) and bfloat16 (`BFloat16`).
///
/// The engine's kernels compute in Float. A 16-bit tensor is held in Float slots whose values are exactly those
/// the 16-bit storage would hold: `round` sends every value through the 16-bit type and back (`Float(Float16(x))`),
/// which is exact in that direction. Arithmetic on those values in Float is what FP32 accumulation of 16-bit
/// products means (a 16-bit × 16-bit product is exact in Float); only the memory saving is not real, and is
/// counted from `bytesPerValue` instead.
public enum NumberFormat: String, Sendable, CaseIterable, Codable {
    case float32, float16, bfloat16

    /// "FP32", "FP16", "BF16".
    public var label: String {
        switch self {
        case .float32: "FP32"
        case .float16: "FP16"
        case .bfloat16: "BF16"
        }
    }

    public var bytesPerValue: Int { self == .float32 ? 4 : 2 }

    /// The largest finite value: FP16 65,504 = (2 − 2⁻¹⁰)·2¹⁵; BF16 (2 − 2⁻⁷)·2¹²⁷; FP32 (2 − 2⁻²³)·2¹²⁷.
    public var largestFinite: Double {
        switch self {
        case .float32: Double(Float.greatestFiniteMagnitude)
        case .float16: Double(Float16.greatestFiniteMagnitude)
        case .bfloat16: Double(BFloat16(bitPattern: 0x7F7F).float)
        }
    }

    /// The smallest positive normal value: FP16 2⁻¹⁴; BF16 and FP32 2⁻¹²⁶.
    public var smallestNormal: Double {
        self == .float16 ? Double(Float16.leastNormalMagnitude) : Double(Float.leastNormalMagnitude)
    }

    /// The smallest positive (subnormal) value: FP16 2⁻²⁴, BF16 2⁻¹³³, FP32 2⁻¹⁴⁹. Half of it and less rounds to
    /// zero (exactly half is a tie, to the even zero).
    public var smallestSubnormal: Double {
        switch self {
        case .float32: Double(Float.leastNonzeroMagnitude)
        case .float16: Double(Float16.leastNonzeroMagnitude)
        case .bfloat16: Double(BFloat16(bitPattern: 1).float)
        }
    }

    /// `value` as this format stores it (round to nearest, ties to even; beyond the largest finite: ±∞).
    @inline(__always)
    public func rounded(_ value: Float) -> Float {
        switch self {
        case .float32: value
        case .float16: Float(Float16(value))
        case .bfloat16: BFloat16(value).float
        }
    }

    /// A Double through Float first (the layers' gradient checks run in Double: their format is FP32, where this
    /// is exact; for the 16-bit formats the extra rounding to Float is below their own by 13 bits or more).
    @inline(__always)
    public func rounded<Scalar: BinaryFloatingPoint>(_ value: Scalar) -> Scalar {
        self == .float32 ? value : Scalar(rounded(Float(value)))
    }

    /// Rounds every value in place.
    public func round<Scalar: BinaryFloatingPoint>(_ values: UnsafeMutableBufferPointer<Scalar>) {
        guard self != .float32 else { return }
        for i in values.indices { values[i] = rounded(values[i]) }
    }
}
