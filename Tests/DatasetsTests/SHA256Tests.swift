import Testing
import Codecs

/// Golden digests from FIPS 180-4's examples (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf"), which
/// `sha256sum` reproduces.
@Suite struct SHA256Tests {
    @Test func abc() {
        #expect(SHA256.hex(of: Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func emptyMessage() {
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// 448 bits: the padding no longer fits in the first block, so this exercises a second padding block.
    @Test func twoBlockMessage() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(of: message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// One million "a": many full blocks, fed in uneven pieces to exercise the pending-bytes path of `update`.
    @Test func millionAInPieces() {
        let hasher = SHA256()
        var fed = 0
        var piece = 1
        while fed < 1_000_000 {
            let size = min(piece, 1_000_000 - fed)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: size))
            fed += size
            piece = piece * 3 % 1000 + 1
        }
        #expect(hasher.finalize().hexString()
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Message lengths 55, 56 and 64 bytes sit at the padding boundaries; digests from `sha256sum`
    /// (`printf 'a%.0s' {1..55} | sha256sum`, etc.).
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest)
    }
}
