/// An 8-bit image as decoders deliver it and PIL holds it: rows top to bottom, pixels left to right, channels
/// interleaved (HWC). `channels` is 1 (grayscale) or 3 (RGB).
public struct PixelImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let channels: Int
    /// `height × width × channels` bytes, HWC order.
    public var pixels: [UInt8]

    /// An image over `pixels`, which must hold exactly `height × width × channels` bytes.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(channels == 1 || channels == 3, "PixelImage: \(channels) channels, expected 1 or 3")
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * channels,
                     "PixelImage: \(pixels.count) bytes for \(height)×\(width)×\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}

extension PixelImage {
    /// Decoded pixels with `channels` channels (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA) as an image of
    /// `targetChannels` (1 or 3), converted like PIL's `Image.convert`: alpha dropped, gray replicated, and RGB to
    /// gray by L = (19595 R + 38470 G + 7471 B + 2¹⁵) >> 16, PIL's fixed-point ITU-R 601-2 luma
    /// (0.299, 0.587, 0.114).
    static func converting(_ pixels: [UInt8], width: Int, height: Int, channels: Int, hasAlpha: Bool,
                           to targetChannels: Int) -> PixelImage {
        let colorChannels = hasAlpha ? channels - 1 : channels
        if colorChannels == targetChannels && !hasAlpha {
            return PixelImage(width: width, height: height, channels: channels, pixels: pixels)
        }
        var output = [UInt8](repeating: 0, count: width * height * targetChannels)
        for pixel in 0..<(width * height) {
            let source = pixel * channels, target = pixel * targetChannels
            switch (colorChannels, targetChannels) {
            case (1, 1):
                output[target] = pixels[source]
            case (1, _):
                for channel in 0..<3 { output[target + channel] = pixels[source] }
            case (_, 1):
                let luma = 19595 * Int(pixels[source]) + 38470 * Int(pixels[source + 1])
                    + 7471 * Int(pixels[source + 2]) + 0x8000
                output[target] = UInt8(luma >> 16)
            default:
                for channel in 0..<3 { output[target + channel] = pixels[source + channel] }
            }
        }
        return PixelImage(width: width, height: height, channels: targetChannels, pixels: output)
    }
}
