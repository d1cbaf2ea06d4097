import Codecs

/// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a 4-byte magic number
/// `00 00 <type> <rank>`, then `rank` big-endian UInt32 dimensions, then the elements in row-major order.
///
/// Only unsigned bytes (type 0x08) are read: that is what both MNIST data sets use.
public struct IDXArray: Equatable, Sendable {
    /// The dimensions from the header, e.g. `[60000, 28, 28]` for training images, `[60000]` for labels.
    public let shape: [Int]
    /// `shape.reduce(1, *)` bytes in row-major order.
    public let bytes: [UInt8]

    /// Parses a whole (already decompressed) IDX file and checks it against what the caller expects.
    ///
    /// - Parameters:
    ///   - rank: the number of dimensions the caller expects (3 for images, 1 for labels).
    ///   - path: only for the error message.
    /// - Throws: `DatasetError.corruptFile` for a bad magic number, a type other than unsigned byte, a rank other
    ///   than `rank`, a file shorter than its header says (truncated) or longer (trailing bytes).
    public init(parsing data: [UInt8], rank: Int, path: String) throws(DatasetError) {
        func corrupt(_ reason: String) -> DatasetError { .corruptFile(path: path, reason: reason) }
        guard data.count >= 4 else { throw corrupt("\(data.count) bytes, too short for an IDX header") }
        guard data[0] == 0, data[1] == 0 else {
            throw corrupt("bad IDX magic number \(data[0..<4].hexString(separator: " ")), expected 00 00 08 0\(rank)")
        }
        guard data[2] == 0x08 else {
            throw corrupt("IDX element type 0x\(String(data[2], radix: 16)) is not unsigned byte (0x08)")
        }
        guard Int(data[3]) == rank else {
            throw corrupt("IDX file has \(data[3]) dimensions, expected \(rank)")
        }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else {
            throw corrupt("truncated: \(data.count) bytes, the header alone needs \(headerSize)")
        }
        let shape = (0..<rank).map { d in
            (0..<4).reduce(0) { $0 << 8 | Int(data[4 + 4 * d + $1]) }
        }
        // Four-byte dimensions: three of them can multiply past Int.max (found by fuzzing), so the product is
        // checked, and a file that large cannot be the one in hand anyway.
        var elementCount: Int? = 1
        for extent in shape {
            elementCount = elementCount.flatMap { count in
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                return overflow || product > Int.max - headerSize ? nil : product
            }
        }
        guard let elementCount else {
            throw corrupt("truncated: \(data.count) bytes, header \(shape.shapeDescription) describes more bytes than a file can hold")
        }
        let expectedSize = headerSize + elementCount
        guard data.count >= expectedSize else {
            throw corrupt("truncated: \(data.count) bytes, header \(shape.shapeDescription) needs \(expectedSize)")
        }
        guard data.count == expectedSize else {
            throw corrupt("\(data.count - expectedSize) bytes after the \(shape.shapeDescription) elements")
        }
        self.shape = shape
        self.bytes = Array(data[headerSize...])
    }

    /// The IDX encoding of `bytes` with `shape`: the inverse of `init(parsing:)`, for tests and exports.
    public static func encode(shape: [Int], bytes: [UInt8]) -> [UInt8] {
        precondition(shape.reduce(1, *) == bytes.count, "IDXArray.encode: shape \(shape) for \(bytes.count) bytes")
        var data: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
        for extent in shape {
            data.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: extent >> (24 - 8 * $0)) })
        }
        data.append(contentsOf: bytes)
        return data
    }
}
