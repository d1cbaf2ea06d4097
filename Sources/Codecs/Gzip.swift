import CZlib

/// What went wrong while inflating a gzip stream, in one line (e.g. "truncated gzip stream").
public struct GzipError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

/// gzip decompression through zlib (Foundation cannot gunzip on Linux).
public enum Gzip {
    /// The bytes of a whole gzip file, inflated. Consecutive gzip members are concatenated, as `gunzip` does.
    ///
    /// Throws `GzipError` for input that does not start with the gzip magic 1f 8b, for a stream that ends
    /// before its end-of-stream marker (truncated), and for whatever zlib reports (bad CRC, invalid block).
    public static func decompress(_ compressed: [UInt8]) throws(GzipError) -> [UInt8] {
        guard compressed.count >= 18 else {
            throw GzipError(description: "not gzip data: \(compressed.count) bytes, a gzip stream has at least 18")
        }
        guard compressed[0] == 0x1f, compressed[1] == 0x8b else {
            throw GzipError(description: "not gzip data: starts with \(compressed.prefix(2).hexString(separator: " ")), "
                                + "gzip starts with 1f 8b")
        }
        guard compressed.count <= Int(UInt32.max) else {
            throw GzipError(description: "gzip data of \(compressed.count) bytes is over zlib's 4 GiB input limit")
        }
        // The trailer's ISIZE is the uncompressed size modulo 2³² of the last member: a good first guess, unless
        // the file lies. Deflate expands at most 1032-fold (258-byte matches coded in 2 bits), so a hint beyond
        // that is not believed: an 18-byte file claiming 4 GiB once allocated them all (found by fuzzing).
        let last = compressed.count - 4
        let sizeHint = (0..<4).reduce(0) { $0 | Int(compressed[last + $1]) << (8 * $1) }
        var output = [UInt8](repeating: 0, count: max(min(sizeHint, 1032 * compressed.count), 1 << 12))
        var produced = 0

        var stream = z_stream()
        // windowBits 15 + 16: a gzip wrapper (not raw deflate, not zlib). `inflateInit2` is a C macro.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError(description: "zlib could not initialise an inflate stream")
        }
        defer { inflateEnd(&stream) }

        let failure: String? = compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                if produced == output.count {
                    output.append(contentsOf: repeatElement(0, count: output.count))
                }
                let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
                    let room = min(out.count - produced, Int(UInt32.max))
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    produced += room - Int(stream.avail_out)
                    return status
                }
                switch status {
                case Z_STREAM_END:
                    if stream.avail_in == 0 { return nil }
                    // Another gzip member follows (as written by `cat a.gz b.gz`).
                    guard inflateReset(&stream) == Z_OK else { return "zlib could not reset the inflate stream" }
                case Z_OK, Z_BUF_ERROR:
                    // No input left but no end marker either, and output space to spare: the file stops early.
                    if stream.avail_in == 0 && stream.avail_out > 0 {
                        return "truncated gzip stream: the input ends before the end of the compressed data"
                    }
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    return "bad gzip data: \(reason)"
                }
            }
        }
        if let failure { throw GzipError(description: failure) }
        output.removeLast(output.count - produced)
        return output
    }

    /// `bytes` compressed as one gzip member (zlib's default level), e.g. to write test files the way the data
    /// set ships them.
    public static func compress(_ bytes: [UInt8]) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16 asks for a gzip wrapper; memLevel 8 is zlib's default. `deflateInit2` is a C macro.
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError(description: "zlib could not initialise a deflate stream")
        }
        defer { deflateEnd(&stream) }
        guard bytes.count <= Int(UInt32.max) else {
            throw GzipError(description: "\(bytes.count) bytes is over zlib's 4 GiB input limit")
        }
        // deflateBound is an upper limit for one-shot deflate; the gzip header and trailer add at most 18 bytes.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 18)
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw GzipError(description: "zlib deflate failed with status \(status)") }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// The version of the zlib this build links against, e.g. "1.2.13".
    public static var zlibVersion: String { String(cString: CZlib.zlibVersion()) }
}
