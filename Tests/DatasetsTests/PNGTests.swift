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

    /// RGB whose channels are equal (a gray picture stored as RGB) read as gray gives back the gray values:
    /// whatever luminance weights libpng uses sum to 1.
    @Test func neutralRGBToGray() throws {
        let neutral = PixelImage(width: 3, height: 2, channels: 3, pixels: Self.gray.pixels.flatMap { [$0, $0, $0] })
        #expect(try PNG.decode(PNG.encode(neutral), channels: 1) == Self.gray)
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
