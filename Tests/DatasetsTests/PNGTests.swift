import Foundation
import Testing
@testable import Codecs

@Suite struct PNGTests {
    /// A 3×2 gray ramp and a 2×2 RGB image with distinct channel values.
    static let gray = PixelImage(width: 3, height: 2, channels: 1, pixels: [0, 50, 100, 150, 200, 255])
    static let rgb = PixelImage(width: 2, height: 2, channels: 3,
                                pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])

    @Test(arguments: [gray, rgb])
    func roundTripInMemory(_ image: PixelImage) throws {
        let encoded = try PNG.encode(image)
        #expect(Array(encoded.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])  // PNG signature
        #expect(try PNG.decode(encoded, channels: image.channels) == image)
    }

    @Test func roundTripThroughFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/ramp.png"
            try PNG.write(Self.gray, toFile: path)
            #expect(try PNG.decode(contentsOfFile: path, channels: 1) == Self.gray)
        }
    }

    /// Gray read as RGB: libpng replicates the value into all three channels.
    @Test func grayToRGB() throws {
        let decoded = try PNG.decode(PNG.encode(Self.gray), channels: 3)
        #expect(decoded.pixels == Self.gray.pixels.flatMap { [$0, $0, $0] })
    }

    /// RGB read as gray: Pillow 13's `Image.convert("L")` gives 76, 150, 29, 124 for red, green, blue and
    /// (200, 100, 50) (PIL's fixed-point luma); libpng's own conversion would give 126, 219, 76, 128.
    @Test func rgbToGrayLikePIL() throws {
        let rgb = PixelImage(width: 4, height: 1, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 100, 50])
        #expect(try PNG.decode(PNG.encode(rgb), channels: 1).pixels == [76, 150, 29, 124])
    }

    /// A 2×1 RGBA PNG written by Pillow 13 with pixels (255, 0, 0, α 0) and (10, 20, 30, α 128). PIL's
    /// `convert("RGB")` drops alpha: (255, 0, 0), (10, 20, 30); `convert("L")`: 76, 18.
    static let rgbaFromPillow: [UInt8] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0xf4, 0x22, 0x7f, 0x8a, 0x00, 0x00, 0x00,
        0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xc0, 0xc0, 0x25, 0x22, 0xd7, 0x00, 0x00,
        0x09, 0x21, 0x01, 0xbc, 0xd6, 0xd1, 0x9b, 0x68, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42,
        0x60, 0x82,
    ]

    /// A 2×1 gray + alpha PNG written by Pillow 13, pixels (7, α 0) and (200, α 255); `convert("RGB")`:
    /// (7, 7, 7), (200, 200, 200).
    static let grayAlphaFromPillow: [UInt8] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x04, 0x00, 0x00, 0x00, 0x5e, 0x2b, 0xb7, 0x01, 0x00, 0x00, 0x00,
        0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x67, 0x38, 0xf1, 0x1f, 0x00, 0x02, 0xb0, 0x01, 0xcf,
        0xf0, 0x30, 0x27, 0xba, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]

    @Test func alphaIsDroppedLikePIL() throws {
        #expect(try PNG.decode(Self.rgbaFromPillow, channels: 3).pixels == [255, 0, 0, 10, 20, 30])
        #expect(try PNG.decode(Self.rgbaFromPillow, channels: 1).pixels == [76, 18])
        #expect(try PNG.decode(Self.grayAlphaFromPillow, channels: 3).pixels == [7, 7, 7, 200, 200, 200])
        #expect(try PNG.decode(Self.grayAlphaFromPillow, channels: 1).pixels == [7, 200])
    }

    @Test func corruptDataIsOneError() throws {
        var encoded = try PNG.encode(Self.gray)
        encoded[1] = 0x51  // breaks the signature
        #expect(throws: PNGError.self) { try PNG.decode(encoded, channels: 1) }
        let truncated = Array(try PNG.encode(Self.rgb).prefix(40))
        let error = #expect(throws: PNGError.self) { try PNG.decode(truncated, channels: 3) }
        #expect(error?.description.hasPrefix("PNG read failed: ") == true)
    }
}
