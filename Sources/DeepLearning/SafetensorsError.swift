/// Why a safetensors file could not be read or written: one line that says what is wrong and where.
public struct SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, independent of the file.
    public enum Reason: Equatable, Sendable {
        case fileTooShort(size: Int)
        case headerLengthPastEnd(headerLength: UInt64, fileSize: Int)
        case headerNotJSON(detail: String)
        case unsupportedDtype(tensor: String, dtype: String)
        case negativeDimension(tensor: String, shape: [Int])
        case badOffsets(tensor: String, offsets: [Int])
        case offsetsPastEnd(tensor: String, offsets: [Int], dataSize: Int)
        case sizeMismatch(tensor: String, dtype: String, shape: [Int], expectedBytes: Int, offsets: [Int])
        case overlap(tensor: String, offsets: [Int], previous: String, previousOffsets: [Int])
        case gap(tensor: String, offsets: [Int], expectedBegin: Int)
        case trailingBytes(count: Int)
        case reservedName
        case missingTensor(name: String)
        case dtypeMismatch(tensor: String, stored: String, requested: String)
        case shapeMismatch(tensor: String, stored: [Int], expected: [Int])
        case io(detail: String)
    }

    public let reason: Reason
    /// The file concerned, when there is one.
    public let path: String?

    public init(_ reason: Reason, path: String? = nil) {
        self.reason = reason
        self.path = path
    }

    public var description: String {
        let prefix = path.map { "safetensors \($0): " } ?? "safetensors: "
        return prefix + reason.explanation
    }
}

extension SafetensorsError.Reason {
    var explanation: String {
        switch self {
        case let .fileTooShort(size):
            "the file has \(size) bytes, fewer than the 8-byte header length"
        case let .headerLengthPastEnd(headerLength, fileSize):
            "the header claims \(headerLength) bytes, past the end of the \(fileSize)-byte file"
        case let .headerNotJSON(detail):
            "the header is not a valid JSON object of tensor entries: \(detail)"
        case let .unsupportedDtype(tensor, dtype):
            "tensor '\(tensor)' has dtype \(dtype); this reader supports F32 and F64"
        case let .negativeDimension(tensor, shape):
            "tensor '\(tensor)' has a negative dimension in shape \(shape)"
        case let .badOffsets(tensor, offsets):
            "tensor '\(tensor)' has data_offsets \(offsets); expected [begin, end] with 0 ≤ begin ≤ end"
        case let .offsetsPastEnd(tensor, offsets, dataSize):
            "tensor '\(tensor)' has data_offsets \(offsets) past the end of the \(dataSize)-byte data section"
        case let .sizeMismatch(tensor, dtype, shape, expectedBytes, offsets):
            "tensor '\(tensor)' of \(dtype) \(shape.shapeDescription) needs \(expectedBytes) bytes, "
                + "but data_offsets \(offsets) span \(offsets[1] - offsets[0])"
        case let .overlap(tensor, offsets, previous, previousOffsets):
            "tensor '\(tensor)' data_offsets \(offsets) overlap those of '\(previous)' \(previousOffsets)"
        case let .gap(tensor, offsets, expectedBegin):
            "tensor '\(tensor)' data_offsets \(offsets) leave unused bytes after offset \(expectedBegin)"
        case let .trailingBytes(count):
            "\(count) bytes after the last tensor belong to no tensor"
        case .reservedName:
            "'__metadata__' is reserved for metadata and cannot name a tensor"
        case let .missingTensor(name):
            "no tensor named '\(name)'"
        case let .dtypeMismatch(tensor, stored, requested):
            "tensor '\(tensor)' is stored as \(stored), not \(requested)"
        case let .shapeMismatch(tensor, stored, expected):
            "tensor '\(tensor)' has shape \(stored.shapeDescription), expected \(expected.shapeDescription)"
        case let .io(detail):
            detail
        }
    }
}
