import Foundation
import Testing
@testable import DeepLearning

/// Float16 and BFloat16 rounding against PyTorch's `tensor.to(torch.float16 / torch.bfloat16)` on values chosen to
/// hit every case (Fixtures/half_precision.json, written by make_half_precision.py): exact values, ties to even
/// in both directions, the largest finite values and overflow, the smallest normals and subnormals and what
/// flushes to zero, signed zero, ±∞, NaN.
@Suite("16-bit formats round as PyTorch's")
struct HalfPrecisionTests {
    /// The fixture's float32_bits, float16_bits, bfloat16_bits.
    struct Bits: Decodable { var float32Bits: [UInt32], float16Bits: [UInt16], bfloat16Bits: [UInt16] }
    static let fixture: Bits = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(Bits.self, from: Data(contentsOf: DeepLearningTests.Fixture.url(of: "half_precision.json")))
    }()

    /// Every bit pattern equal, except that a NaN only has to stay a NaN: PyTorch's vectorised conversion writes
    /// 0xFFFF for BF16 NaN where c10::BFloat16 writes 0x7FC0, so NaN's bits are the implementation's choice.
    @Test func bitPatternsEqualPyTorchs() {
        let f = Self.fixture
        for (index, bits) in f.float32Bits.enumerated() {
            let value = Float(bitPattern: bits)
            let half = Float16(value), brain = BFloat16(value)
            if value.isNaN {
                #expect(half.isNaN && brain.float.isNaN, "NaN \(String(bits, radix: 16))")
                continue
            }
            #expect(half.bitPattern == f.float16Bits[index], "FP16 of \(value) (0x\(String(bits, radix: 16)))")
            #expect(brain.bitPattern == f.bfloat16Bits[index], "BF16 of \(value) (0x\(String(bits, radix: 16)))")
            #expect(NumberFormat.float16.rounded(value) == Float(Float16(bitPattern: f.float16Bits[index])))
            #expect(NumberFormat.bfloat16.rounded(value) == BFloat16(bitPattern: f.bfloat16Bits[index]).float)
        }
    }

    /// The fast FP16 rounding (bits, no Float16 conversion) against its naive twin through the real Float16 type,
    /// bit for bit: every 4,099th of the 2³² Float bit patterns (both signs, every exponent, NaNs and ∞), and every
    /// pattern within 2¹³ of the places where the fast path changes rule: FP16's smallest normal 2⁻¹⁴, the tie
    /// 2⁻²⁵ that flushes, 65,504 and the overflow tie 65,520.
    @Test func fastFP16RoundingEqualsFloat16s() {
        func check(_ bits: UInt32) -> Bool {
            let x = Float(bitPattern: bits)
            let fast = NumberFormat.float16.fastRounded(x), naive = Float(Float16(x))
            return fast.bitPattern == naive.bitPattern || (fast.isNaN && naive.isNaN)
        }
        var mismatches: [UInt32] = []
        for bits in stride(from: UInt32(0), to: UInt32.max - 4099, by: 4099) where !check(bits) { mismatches.append(bits) }
        for edge: UInt32 in [0x3880_0000, 0x3300_0000, 0x477F_E000, 0x477F_F000] {
            for sign: UInt32 in [0, 0x8000_0000] {
                for bits in (edge - 8192)...(edge + 8192) where !check(sign | bits) { mismatches.append(sign | bits) }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map { String($0, radix: 16) })")
    }

    /// The ranges the chapter draws against, by the formats' definitions: FP16 max (2 − 2⁻¹⁰)·2¹⁵ = 65,504,
    /// smallest normal 2⁻¹⁴, smallest subnormal 2⁻²⁴; BF16 max (2 − 2⁻⁷)·2¹²⁷, 2⁻¹²⁶, 2⁻¹³³.
    @Test func ranges() {
        #expect(NumberFormat.float16.largestFinite == 65_504)
        #expect(NumberFormat.float16.smallestNormal == 0x1p-14 && NumberFormat.float16.smallestSubnormal == 0x1p-24)
        #expect(NumberFormat.bfloat16.largestFinite == (2 - 0x1p-7) * 0x1p127)
        #expect(NumberFormat.bfloat16.smallestNormal == 0x1p-126 && NumberFormat.bfloat16.smallestSubnormal == 0x1p-133)
        #expect(NumberFormat.float32.rounded(Float(0.1)) == Float(0.1))
    }

    /// A 16-bit boundary rounds the activations on the way forward and round(S·∂L/∂y) on the way back: 1 + 2⁻¹¹
    /// is a tie that FP16 rounds to 1; 2⁻²⁶ flushes to zero unscaled and survives ×2¹⁰ as 2⁻¹⁶ exactly; 2⁻²⁰ × 2¹⁶
    /// = 16 is exact; and BF16 keeps 2⁻²⁶ unscaled.
    @Test func boundaryRoundsBothWays() throws {
        let scale = GradientScale(1024)
        let boundary = PrecisionBoundary<Float>(name: "fp16", format: .float16, gradientScale: scale)
        let y = try boundary.forward(Tensor(shape: [1, 3], scalars: [1 + 0x1p-11, 0x1p-26, 70_000]))
        #expect(y.scalars == [1, 0, .infinity])
        let dx = try boundary.backward(Tensor(shape: [1, 3], scalars: [0x1p-26, 0x1p-20, 100]))
        #expect(dx.scalars == [0x1p-16, 0x1p-10, 102_400].map { Float(Float16($0)) })
        #expect(dx.scalars[2] == .infinity)
        let unscaled = PrecisionBoundary<Float>(name: "fp16", format: .float16)
        _ = try unscaled.forward(Tensor(shape: [1, 1], scalars: [1]))
        #expect(try unscaled.backward(Tensor(shape: [1, 1], scalars: [0x1p-26])).scalars == [0])
        let brain = PrecisionBoundary<Float>(name: "bf16", format: .bfloat16)
        _ = try brain.forward(Tensor(shape: [1, 1], scalars: [1]))
        #expect(try brain.backward(Tensor(shape: [1, 1], scalars: [0x1p-26])).scalars == [0x1p-26])
    }
}
