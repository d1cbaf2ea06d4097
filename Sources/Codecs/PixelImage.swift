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
