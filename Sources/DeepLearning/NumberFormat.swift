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

    /// `value` as this format stores it (round to nearest, ties to even; beyond the largest finite: ±∞), through
    /// the 16-bit type itself: the definition, and the naive twin of `fastRounded`.
    @inline(__always)
    public func rounded(_ value: Float) -> Float {
        switch self {
        case .float32: value
        case .float16: Float(Float16(value))
        case .bfloat16: BFloat16(value).float
        }
    }

    /// The same value as `rounded`, bit for bit, without a call per value: Float16(Float) has no hardware
    /// instruction in a build without F16C enabled, and its library routine made a 16-bit training step 6× slower.
    /// FP16 on the Float's bits, for |x| from FP16's smallest normal 2⁻¹⁴ up: keep the top 10 of 23 fraction
    /// bits, adding 0xFFF plus the lowest kept bit first (ties to even, as `BFloat16.init`; the carry may run
    /// into the exponent, which is correct rounding); from 65,520 (the tie between 65,504 and 2¹⁶) up: ∞.
    /// Below 2⁻¹⁴ FP16's spacing is a fixed 2⁻²⁴: (|x| + 0.5) − 0.5 rounds |x| to a multiple of it, ties to even,
    /// because Float's spacing in [0.5, 1) is 2⁻²⁴.
    @inline(__always)
    public func fastRounded(_ value: Float) -> Float {
        guard self == .float16 else { return rounded(value) }
        let magnitude = value.magnitude, sign = value.bitPattern & 0x8000_0000
        let bits = magnitude.bitPattern
        if bits >= 0x3880_0000 {
            if bits > 0x7F80_0000 { return value }                                   // NaN
            if bits >= 0x477F_F000 { return Float(bitPattern: sign | 0x7F80_0000) } // ≥ 65,520: ∞
            let kept = (bits &+ 0x0FFF &+ (bits >> 13 & 1)) & ~0x1FFF
            return Float(bitPattern: sign | kept)
        }
        return Float(bitPattern: sign | ((magnitude + 0.5) - 0.5).bitPattern)
    }

    /// A Double through Float first (the layers' gradient checks run in Double: their format is FP32, where this
    /// is exact; for the 16-bit formats the extra rounding to Float is below their own by 13 bits or more).
    @inline(__always)
    public func rounded<Scalar: BinaryFloatingPoint>(_ value: Scalar) -> Scalar {
        self == .float32 ? value : Scalar(rounded(Float(value)))
    }

    /// Rounds every value in place.
    public func round(_ values: UnsafeMutableBufferPointer<Float>) {
        guard self != .float32 else { return }
        for i in values.indices { values[i] = fastRounded(values[i]) }
    }

    /// destination[i] = `scale` · source[i] rounded to this format (a precision boundary's pass). Float takes the
    /// fast path; other scalars (Double, in gradient checks) round through Float.
    public func round<Scalar: BinaryFloatingPoint>(_ source: UnsafeBufferPointer<Scalar>, scaledBy scale: Scalar,
                                                   into destination: UnsafeMutableBufferPointer<Scalar>) {
        precondition(source.count == destination.count, "NumberFormat.round: \(source.count) values into \(destination.count)")
        if Scalar.self == Float.self, let base = source.baseAddress, let out = destination.baseAddress {
            let x = UnsafeBufferPointer(start: UnsafeRawPointer(base).assumingMemoryBound(to: Float.self), count: source.count)
            let y = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self)
            let s = Float(scale)
            for i in x.indices { y[i] = fastRounded(s * x[i]) }
            return
        }
        for i in source.indices { destination[i] = rounded(scale * source[i]) }
    }
}
