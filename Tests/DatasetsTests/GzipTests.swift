import Testing
@testable import Codecs

@Suite struct GzipTests {
    /// Bytes with structure and without: a ramp, then a pseudo-random run from a 32-bit LCG (Numerical Recipes).
    static let payload: [UInt8] = {
        var bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0) }
        var state: UInt32 = 1
        for _ in 0..<5000 {
            state = state &* 1664525 &+ 1013904223
            bytes.append(UInt8(truncatingIfNeeded: state >> 24))
        }
        return bytes
    }()

    @Test func roundTrip() throws {
        #expect(try Gzip.decompress(Gzip.compress(Self.payload)) == Self.payload)
    }

    /// `gzip -c` of "hello\n" made by GNU gzip 1.12 (`printf 'hello\n' | gzip -9n | xxd -i`): an independent encoder.
    @Test func decodesGNUGzip() throws {
        let gnu: [UInt8] = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7,
            0x02, 0x00, 0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00,
        ]
        #expect(try Gzip.decompress(gnu) == Array("hello\n".utf8))
    }

    /// Two members, as `cat a.gz b.gz` makes: `gunzip` yields both contents, one after the other.
    @Test func concatenatedMembers() throws {
        let joined = try Gzip.compress(Array("first ".utf8)) + Gzip.compress(Array("second".utf8))
        #expect(try Gzip.decompress(joined) == Array("first second".utf8))
    }

    @Test func badMagic() throws {
        var data = try Gzip.compress(Self.payload)
        data[0] = 0x50
        #expect(throws: GzipError(description: "not gzip data: starts with 50 8b, gzip starts with 1f 8b")) {
            try Gzip.decompress(data)
        }
    }

    @Test func truncated() throws {
        let data = try Gzip.compress(Self.payload)
        #expect(throws: GzipError(description:
            "truncated gzip stream: the input ends before the end of the compressed data")) {
            try Gzip.decompress(Array(data.dropLast(100)))
        }
    }

    /// A flipped bit in the CRC-32 of the trailer: zlib's "incorrect data check".
    @Test func badChecksum() throws {
        var data = try Gzip.compress(Self.payload)
        data[data.count - 8] ^= 1
        #expect(throws: GzipError(description: "bad gzip data: incorrect data check")) {
            try Gzip.decompress(data)
        }
    }
}
