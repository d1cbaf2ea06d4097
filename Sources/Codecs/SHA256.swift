import CCrypto

/// SHA-256 (FIPS 180-4), for checking that a data set file is the one its checksum names: OpenSSL's libcrypto
/// (EVP interface), the implementation the system's own tools trust, with its CPU-specific code (SHA extensions
/// where the CPU has them). Tested against the FIPS 180-4 / NIST example vectors.
public final class SHA256 {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("SHA256: libcrypto could not set up a SHA-256 context (out of memory)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// The digest of `bytes` as 64 lowercase hex digits, the way `sha256sum` prints it.
    public static func hex(of bytes: [UInt8]) -> String {
        let hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize().hexString()
    }

    /// Feeds more of the message.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            precondition(EVP_DigestUpdate(context, buffer.baseAddress, buffer.count) == 1, "SHA256: update failed")
        }
    }

    /// The 32-byte digest of everything fed so far; the hasher is spent afterwards.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32, "SHA256: final failed")
        return digest
    }
}
