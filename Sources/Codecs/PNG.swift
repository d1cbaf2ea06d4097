import CPNG

/// What libpng reported about an image it could not read or write, in one line.
public struct PNGError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

/// PNG decoding and encoding through libpng's simplified `png_image_*` API: no hand-written PNG code.
///
/// Any PNG libpng reads (gray, gray+alpha, palette, RGB, RGBA, 16-bit) is decoded to 8 bits in its own colour
/// model and converted to the requested channel count as PIL's `Image.convert("RGB")` / `convert("L")` do, which
/// is what torchvision's ImageFolder loader calls: alpha is dropped (not composited), gray is replicated to RGB,
/// RGB becomes gray by ITU-R 601-2 luma in PIL's fixed point. (16-bit files are reduced to 8 bits by libpng,
/// which PIL does differently; the workbook writes only 8-bit files.)
public enum PNG {
    /// The largest image `decode` decodes, in pixels (2²⁶: 8192×8192, 256 MiB as RGBA).
    public static let maximumPixels = 1 << 26

    /// Decodes a PNG held in memory to `channels` (1 or 3) channels.
    public static func decode(_ data: [UInt8], channels: Int) throws(PNGError) -> PixelImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let opened = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard opened != 0 else { throw failure(of: &image, doing: "read") }
        return try finishRead(&image, channels: channels)
    }

    /// Decodes the PNG file at `path` to `channels` (1 or 3) channels.
    public static func decode(contentsOfFile path: String, channels: Int) throws(PNGError) -> PixelImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_file(&image, path) != 0 else { throw failure(of: &image, doing: "read") }
        return try finishRead(&image, channels: channels)
    }

    /// The PNG encoding of `image` (8-bit gray or RGB, libpng's fast compression), in memory.
    public static func encode(_ image: PixelImage) throws(PNGError) -> [UInt8] {
        var header = writeHeader(for: image)
        var size = 0
        // First call with no buffer: libpng returns the size it needs.
        let measured = image.pixels.withUnsafeBytes {
            png_image_write_to_memory(&header, nil, &size, 0, $0.baseAddress, Int32(image.width * image.channels), nil)
        }
        guard measured != 0 else { throw failure(of: &header, doing: "encode") }
        var output = [UInt8](repeating: 0, count: size)
        header = writeHeader(for: image)
        let written = output.withUnsafeMutableBytes { out in
            image.pixels.withUnsafeBytes {
                png_image_write_to_memory(&header, out.baseAddress, &size, 0, $0.baseAddress,
                                          Int32(image.width * image.channels), nil)
            }
        }
        guard written != 0 else { throw failure(of: &header, doing: "encode") }
        output.removeLast(output.count - size)
        return output
    }

    /// Writes `image` as a PNG file at `path` (8-bit gray or RGB, libpng's fast compression).
    public static func write(_ image: PixelImage, toFile path: String) throws(PNGError) {
        var header = writeHeader(for: image)
        let written = image.pixels.withUnsafeBytes {
            png_image_write_to_file(&header, path, 0, $0.baseAddress, Int32(image.width * image.channels), nil)
        }
        guard written != 0 else { throw failure(of: &header, doing: "write \(path)") }
    }

    /// The version of the libpng this build links against, e.g. "1.6.39".
    public static var libpngVersion: String { String(cString: png_get_libpng_ver(nil)) }

    private static func finishRead(_ image: inout png_image, channels: Int) throws(PNGError) -> PixelImage {
        guard channels == 1 || channels == 3 else {
            png_image_free(&image)
            throw PNGError(description: "PNG: \(channels) channels requested, only 1 (gray) or 3 (RGB) are supported")
        }
        // Decode in the file's own colour model (gray or RGB, with its alpha if any), so that libpng does no
        // colour arithmetic of its own (its RGB → gray works in linear light and differs from PIL's), then
        // convert the way PIL's `Image.convert` does.
        let fileFormat = image.format
        let color = fileFormat & UInt32(PNG_FORMAT_FLAG_COLOR), alpha = fileFormat & UInt32(PNG_FORMAT_FLAG_ALPHA)
        image.format = color | alpha
        let decodedChannels = (color != 0 ? 3 : 1) + (alpha != 0 ? 1 : 0)
        let width = Int(image.width), height = Int(image.height)
        // The header alone sets the buffer's size: a 69-byte file claiming 1,000,000 × 1,000,000 pixels (libpng's
        // own limit) asked for a terabyte and took the process down. No image a classifier trains on comes near.
        guard width * height <= PNG.maximumPixels else {
            png_image_free(&image)
            throw PNGError(description: "PNG: \(width)×\(height) pixels is more than this reader decodes "
                               + "(at most \(PNG.maximumPixels), e.g. 8192×8192)")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * decodedChannels)
        let finished = pixels.withUnsafeMutableBytes {
            png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * decodedChannels), nil)
        }
        guard finished != 0 else { throw failure(of: &image, doing: "read") }
        return PixelImage.converting(pixels, width: width, height: height, channels: decodedChannels,
                                     hasAlpha: alpha != 0, to: channels)
    }

    private static func writeHeader(for image: PixelImage) -> png_image {
        var header = png_image()
        header.version = UInt32(PNG_IMAGE_VERSION)
        header.width = UInt32(image.width)
        header.height = UInt32(image.height)
        header.format = image.channels == 1 ? UInt32(PNG_FORMAT_GRAY) : UInt32(PNG_FORMAT_RGB)
        // Speed over size: the exported trees are intermediate files, read back by ImageFolder. Measured on
        // Fashion-MNIST: encoding 4× faster, files 2.5 % larger (535 instead of 522 bytes on average).
        header.flags = UInt32(PNG_IMAGE_FLAG_FAST)
        return header
    }

    /// libpng's message for a failed call, after releasing whatever the call left allocated.
    private static func failure(of image: inout png_image, doing action: String) -> PNGError {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return PNGError(description: "PNG \(action) failed: \(message.isEmpty ? "unknown libpng error" : message)")
    }
}
