/// The seeded random generator behind every random choice in the workbook: initial weights, shuffles,
/// dropout masks and augmentations. Same seed, same numbers, on every machine.
///
/// It is PCG32 (PCG-XSH-RR with a 64-bit state, O'Neill 2014, https://www.pcg-random.org): the state advances
/// by a 64-bit LCG, and each 32-bit output is an xorshift of the high bits rotated by the top five bits.
/// `stream` selects one of 2⁶³ independent sequences for the same seed (e.g. one per data-loader worker).
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private let increment: UInt64

    /// The PCG reference seeding: `pcg32_srandom_r(seed, stream)`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        increment = (stream << 1) | 1
        state = 0
        _ = nextUInt32()
        state &+= seed
        _ = nextUInt32()
    }

    /// The next 32 random bits.
    public mutating func nextUInt32() -> UInt32 {
        let old = state
        state = old &* 6364136223846793005 &+ increment
        let xorShifted = UInt32(truncatingIfNeeded: ((old >> 18) ^ old) >> 27)
        let rotation = UInt32(truncatingIfNeeded: old >> 59)
        return (xorShifted >> rotation) | (xorShifted << ((~rotation &+ 1) & 31))
    }

    /// 64 random bits from two consecutive outputs (high word first), for `RandomNumberGenerator`.
    public mutating func next() -> UInt64 {
        let high = UInt64(nextUInt32())
        return (high << 32) | UInt64(nextUInt32())
    }

    /// A uniform `Float` in [0, 1): the top 24 bits of one output times 2⁻²⁴, so every value is exact.
    public mutating func nextUnitFloat() -> Float {
        Float(nextUInt32() >> 8) * 0x1p-24
    }

    /// A uniform `Double` in [0, 1): 53 bits from two outputs times 2⁻⁵³.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire's method), for shuffles and crops.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "RandomGenerator.nextInt(below:) needs a positive bound, got \(bound)")
        return Int(next(upperBound: UInt64(bound)))
    }

    /// Shuffles `elements` in place with Fisher–Yates, the one shuffle of the workbook (data-loader epochs,
    /// validation splits, the loss race): for i from count − 1 down to 1, swap i with `nextInt(below: i + 1)`.
    /// The same generator state gives the same permutation on every machine.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        for i in stride(from: elements.count - 1, to: 0, by: -1) { elements.swapAt(i, nextInt(below: i + 1)) }
    }
}
