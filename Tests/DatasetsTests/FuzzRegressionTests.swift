import Foundation
import Testing
import Codecs
@testable import Datasets

/// Inputs that crashed a reader under libFuzzer (`make fuzz`, Fuzz/README.md), kept as fixtures (Fixtures/fuzz-*):
/// each must now give its one-line error.
struct FuzzRegressionTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    /// 21 bytes whose header claims [772, 84281096, 151653132] images: the element count overflowed Int and trapped.
    @Test func anIDXHeaderWhoseShapeOverflowsIsACorruptFile() throws {
        let bytes = try Self.fixture("fuzz-idx-overflowing-shape.idx")
        #expect(throws: DatasetError.corruptFile(path: "x", reason: "truncated: 21 bytes, header 772×84281096×"
                                                 + "151653132 describes more bytes than a file can hold")) {
            try IDXArray(parsing: bytes, rank: 3, path: "x")
        }
    }

    /// 49 bytes of gzip whose trailer claims 3,808,428,098 uncompressed bytes: the reader took that as its first
    /// buffer size and allocated 3.6 GiB (libFuzzer's out-of-memory). Deflate cannot expand past 1032-fold, so the
    /// guess is capped there (the fuzzer now runs through this input within its 2 GiB limit); zlib then finds the
    /// length check wrong, which is the one line a user sees.
    @Test func aGzipTrailerThatLiesAboutTheSizeIsOneError() throws {
        let bytes = try Self.fixture("fuzz-gzip-lying-size.gz")
        #expect(throws: GzipError.self) { try Gzip.decompress(bytes) }
        do { _ = try Gzip.decompress(bytes) } catch { #expect(error.description.hasPrefix("bad gzip data: ")) }
    }

    /// 69 bytes, a well-formed PNG header (its CRC right, which random mutation seldom achieves, so this one was
    /// written by hand when the fuzzer's runs showed that the decoder sizes its buffer from the header alone) that
    /// claims 1,000,000 × 1,000,000 gray pixels: the reader asked for 10¹² bytes (AddressSanitizer: out of memory).
    @Test func aPNGHeaderClaimingATerapixelIsOneError() throws {
        let bytes = try Self.fixture("png-huge-header.png")
        for channels in [1, 3] {
            #expect(throws: PNGError.self) { try PNG.decode(bytes, channels: channels) }
            do { _ = try PNG.decode(bytes, channels: channels) } catch {
                #expect(error.description == "PNG: 1000000×1000000 pixels is more than this reader decodes "
                        + "(at most 67108864, e.g. 8192×8192)")
            }
        }
    }
}
