extension Sequence where Element == UInt8 {
    /// The bytes as two lowercase hex digits each, e.g. `[0x1f, 0x8b]` → "1f 8b" with separator " ": how a
    /// checksum is printed (`sha256sum`) and how an error quotes the bytes a file starts with.
    public func hexString(separator: String = "") -> String {
        map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: separator)
    }
}
