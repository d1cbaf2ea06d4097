import Foundation

// The safetensors format (https://github.com/huggingface/safetensors), which PyTorch's `safetensors` package
// reads and writes:
//
//     [8 bytes: N, little-endian UInt64] [N bytes: JSON header] [data section]
//
// The header maps each tensor name to {"dtype": "F32" | "F64", "shape": [...], "data_offsets": [begin, end]}
// (byte offsets into the data section, little-endian values, row-major) and may carry "__metadata__", a map of
// strings. The writer here produces the same bytes as the reference implementation: compact JSON with
// "__metadata__" first, tensors ordered by dtype (F64 before F32) and then by name, laid out in that order, and
// the header padded with spaces to a multiple of 8 bytes so that the data section stays 8-byte aligned.
// The reader accepts any valid file and rejects every inconsistency with a `SafetensorsError` before it reads
// a data byte.

/// A tensor as stored in a safetensors file: 32- or 64-bit floats.
public enum SafetensorsTensor: Equatable, Sendable {
    case float32(Tensor<Float>)
    case float64(Tensor<Double>)

    /// Wraps a `Tensor<Float>` as F32 or a `Tensor<Double>` as F64.
    public init<Scalar: KernelScalar>(_ tensor: Tensor<Scalar>) {
        if let float = tensor as? Tensor<Float> {
            self = .float32(float)
        } else {
            self = .float64(tensor as! Tensor<Double>)  // KernelScalar has exactly two conformances
        }
    }

    /// "F32" or "F64", as in the header.
    public var dtype: String { Self.dtypeName(of: self) }

    public var shape: [Int] {
        switch self {
        case let .float32(tensor): tensor.shape
        case let .float64(tensor): tensor.shape
        }
    }

    /// The tensor as `Tensor<Scalar>`; throws if it is stored in the other precision (no silent conversion).
    public func tensor<Scalar: KernelScalar>(as _: Scalar.Type = Scalar.self, name: String) throws
        -> Tensor<Scalar>
    {
        switch self {
        case let .float32(tensor as Tensor<Scalar>), let .float64(tensor as Tensor<Scalar>):
            return tensor
        default:
            throw SafetensorsError(.dtypeMismatch(tensor: name, stored: dtype,
                                                  requested: Scalar.self == Float.self ? "F32" : "F64"))
        }
    }

    fileprivate static func dtypeName(of tensor: SafetensorsTensor) -> String {
        if case .float32 = tensor { return "F32" }
        return "F64"
    }

    fileprivate static func bytesPerElement(dtype: String) -> Int? {
        ["F32": 4, "F64": 8][dtype]
    }
}

/// The contents of a safetensors file.
public struct SafetensorsContents: Equatable, Sendable {
    public var tensors: [String: SafetensorsTensor]
    public var metadata: [String: String]

    public init(tensors: [String: SafetensorsTensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}

// MARK: - Files

/// Writes `contents` to `url` atomically and durably: into a temporary file in the same directory, flushed to disk
/// (fsync), then renamed over `url`, and the directory flushed too, so that a reader never sees a half-written
/// file and a crash or power loss at any moment leaves either the old file or the new one, complete.
public func saveSafetensors(_ contents: SafetensorsContents, to url: URL) throws {
    let bytes = try encodeSafetensors(contents)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    func failure(_ what: String, _ path: String) -> SafetensorsError {
        SafetensorsError(.io(detail: "\(what): \(String(cString: strerror(errno)))"), path: path)
    }
    let file = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard file >= 0 else { throw failure("cannot write a temporary file", temporary.path) }
    let written = bytes.withUnsafeBytes { buffer -> Bool in
        var offset = 0
        while offset < buffer.count {
            let count = write(file, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }
    guard written, fsync(file) == 0 else {
        let error = failure("cannot write the temporary file", temporary.path)
        close(file)
        unlink(temporary.path)
        throw error
    }
    close(file)
    guard rename(temporary.path, url.path) == 0 else {
        let error = failure("cannot rename the temporary file into place", url.path)
        unlink(temporary.path)
        throw error
    }
    // The rename is durable once the directory's entry is on disk.
    let folder = open(directory.path, O_RDONLY)
    if folder >= 0 {
        fsync(folder)
        close(folder)
    }
}

/// Reads and validates the safetensors file at `url`.
public func loadSafetensors(from url: URL) throws -> SafetensorsContents {
    let data: Data
    do {
        data = try Data(contentsOf: url)
    } catch {
        throw SafetensorsError(.io(detail: "cannot read the file: \(error.localizedDescription)"), path: url.path)
    }
    do {
        return try decodeSafetensors([UInt8](data))
    } catch let error as SafetensorsError {
        throw SafetensorsError(error.reason, path: url.path)
    }
}

/// Saves the parameters and buffers of `model` under their full names (PyTorch's `state_dict()` keys, e.g.
/// `conv1.weight`, `bn1.running_mean`), so that the file loads into a PyTorch model of the same architecture.
public func saveSafetensors<Scalar: KernelScalar>(model: some Layer<Scalar>, metadata: [String: String] = [:],
                                                  to url: URL) throws {
    try saveSafetensors(model.namedTensors(), metadata: metadata, to: url)
}

/// Saves each tensor's value under its name.
public func saveSafetensors<Scalar: KernelScalar>(_ tensors: [NamedParameter<Scalar>],
                                                  metadata: [String: String] = [:], to url: URL) throws {
    var stored: [String: SafetensorsTensor] = [:]
    for tensor in tensors { stored[tensor.name] = SafetensorsTensor(tensor.parameter.value) }
    try saveSafetensors(SafetensorsContents(tensors: stored, metadata: metadata), to: url)
}

/// Loads the parameters and buffers of `model` from the tensors of the same full names (see `saveSafetensors`).
public func loadSafetensors<Scalar: KernelScalar>(into model: some Layer<Scalar>, from url: URL) throws {
    try loadSafetensors(into: model.namedTensors(), from: url)
}

/// Loads each tensor's value from the tensor of the same name. Checks every tensor (present, same precision, same
/// shape) before changing any, so a failed load leaves the model as it was.
public func loadSafetensors<Scalar: KernelScalar>(into tensors: [NamedParameter<Scalar>], from url: URL) throws {
    let contents = try loadSafetensors(from: url)
    let values = try tensors.map { named in
        guard let stored = contents.tensors[named.name] else {
            throw SafetensorsError(.missingTensor(name: named.name), path: url.path)
        }
        let value: Tensor<Scalar>
        do {
            value = try stored.tensor(as: Scalar.self, name: named.name)
        } catch let error as SafetensorsError {
            throw SafetensorsError(error.reason, path: url.path)
        }
        guard value.shape == named.parameter.shape else {
            throw SafetensorsError(.shapeMismatch(tensor: named.name, stored: value.shape,
                                                  expected: named.parameter.shape), path: url.path)
        }
        return value
    }
    for (named, value) in zip(tensors, values) { named.parameter.value = value }
}

// MARK: - Bytes

/// The bytes of a safetensors file holding `contents`, identical to what the reference implementation writes.
public func encodeSafetensors(_ contents: SafetensorsContents) throws -> [UInt8] {
    guard contents.tensors["__metadata__"] == nil else { throw SafetensorsError(.reservedName) }
    // The reference order: larger dtype first (F64 before F32), then names by their UTF-8 bytes.
    let ordered = contents.tensors.sorted { left, right in
        let (leftDtype, rightDtype) = (left.value.dtype, right.value.dtype)
        if leftDtype != rightDtype { return leftDtype > rightDtype }
        return Array(left.key.utf8).lexicographicallyPrecedes(Array(right.key.utf8))
    }
    var entries: [String] = []
    if !contents.metadata.isEmpty {
        let pairs = contents.metadata.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\(jsonString($0.key)):\(jsonString($0.value))" }
        entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    var data: [UInt8] = []
    for (name, tensor) in ordered {
        let begin = offset
        switch tensor {
        case let .float32(value): appendLittleEndian(value.scalars, to: &data)
        case let .float64(value): appendLittleEndian(value.scalars, to: &data)
        }
        offset = data.count
        let shape = tensor.shape.map(String.init).joined(separator: ",")
        entries.append("\(jsonString(name)):{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(shape)],"
                       + "\"data_offsets\":[\(begin),\(offset)]}")
    }
    var header = Array("{\(entries.joined(separator: ","))}".utf8)
    header += Array(repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + data.count)
    appendLittleEndian(UInt64(header.count), to: &bytes)
    return bytes + header + data
}

/// Parses and validates the bytes of a safetensors file. Every check happens before any data byte is read,
/// and every index is proven in range first, so a corrupt file throws instead of reading out of bounds.
public func decodeSafetensors(_ bytes: [UInt8]) throws -> SafetensorsContents {
    guard bytes.count >= 8 else { throw SafetensorsError(.fileTooShort(size: bytes.count)) }
    let headerLength = readLittleEndianUInt64(bytes, at: 0)
    guard headerLength <= UInt64(bytes.count - 8) else {
        throw SafetensorsError(.headerLengthPastEnd(headerLength: headerLength, fileSize: bytes.count))
    }
    let dataStart = 8 + Int(headerLength)
    let header: SafetensorsHeader
    do {
        header = try JSONDecoder().decode(SafetensorsHeader.self, from: Data(bytes[8..<dataStart]))
    } catch {
        throw SafetensorsError(.headerNotJSON(detail: describe(error)))
    }
    let dataSize = bytes.count - dataStart
    var placed: [(name: String, entry: SafetensorsHeader.Entry, byteCount: Int)] = []
    for (name, entry) in header.tensors {
        guard let width = SafetensorsTensor.bytesPerElement(dtype: entry.dtype) else {
            throw SafetensorsError(.unsupportedDtype(tensor: name, dtype: entry.dtype))
        }
        guard entry.shape.allSatisfy({ $0 >= 0 }) else {
            throw SafetensorsError(.negativeDimension(tensor: name, shape: entry.shape))
        }
        let offsets = entry.dataOffsets
        guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw SafetensorsError(.badOffsets(tensor: name, offsets: offsets))
        }
        guard offsets[1] <= dataSize else {
            throw SafetensorsError(.offsetsPastEnd(tensor: name, offsets: offsets, dataSize: dataSize))
        }
        // The byte count can only match the offsets if it does not overflow (a huge shape must not wrap around).
        var byteCount: Int? = width
        for extent in entry.shape {
            byteCount = byteCount.flatMap { count in
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                return overflow ? nil : product
            }
        }
        guard let byteCount, byteCount == offsets[1] - offsets[0] else {
            throw SafetensorsError(.sizeMismatch(tensor: name, dtype: entry.dtype, shape: entry.shape,
                                                 expectedBytes: byteCount ?? Int.max, offsets: offsets))
        }
        placed.append((name, entry, byteCount))
    }
    // The tensors must tile the data section: sorted by offset, each starts where the previous one ended.
    placed.sort { ($0.entry.dataOffsets[0], $0.entry.dataOffsets[1]) < ($1.entry.dataOffsets[0], $1.entry.dataOffsets[1]) }
    var expectedBegin = 0
    for (index, tensor) in placed.enumerated() {
        let offsets = tensor.entry.dataOffsets
        if offsets[0] < expectedBegin {
            let previous = placed[index - 1]
            throw SafetensorsError(.overlap(tensor: tensor.name, offsets: offsets, previous: previous.name,
                                            previousOffsets: previous.entry.dataOffsets))
        }
        if offsets[0] > expectedBegin {
            throw SafetensorsError(.gap(tensor: tensor.name, offsets: offsets, expectedBegin: expectedBegin))
        }
        expectedBegin = offsets[1]
    }
    guard expectedBegin == dataSize else { throw SafetensorsError(.trailingBytes(count: dataSize - expectedBegin)) }

    var tensors: [String: SafetensorsTensor] = [:]
    for (name, entry, _) in placed {
        let begin = dataStart + entry.dataOffsets[0]
        if entry.dtype == "F32" {
            tensors[name] = .float32(Tensor(shape: entry.shape, scalars: readLittleEndian(bytes, from: begin,
                                                                                          count: entry.elementCount)))
        } else {
            tensors[name] = .float64(Tensor(shape: entry.shape, scalars: readLittleEndian(bytes, from: begin,
                                                                                          count: entry.elementCount)))
        }
    }
    return SafetensorsContents(tensors: tensors, metadata: header.metadata)
}

/// The JSON header: tensor entries plus the optional "__metadata__" map.
private struct SafetensorsHeader: Decodable {
    struct Entry: Decodable {
        let dtype: String
        let shape: [Int]
        let dataOffsets: [Int]
        var elementCount: Int { shape.reduce(1, *) }

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case dataOffsets = "data_offsets"
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue _: Int) { nil }
    }

    var tensors: [String: Entry] = [:]
    var metadata: [String: String] = [:]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors[key.stringValue] = try container.decode(Entry.self, forKey: key)
            }
        }
    }
}

/// One line from a decoding error: what was wrong and at which key.
private func describe(_ error: any Error) -> String {
    guard let decodingError = error as? DecodingError else { return "\(error)" }
    switch decodingError {
    case let .dataCorrupted(context), let .keyNotFound(_, context), let .typeMismatch(_, context),
         let .valueNotFound(_, context):
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    @unknown default:
        return "\(decodingError)"
    }
}

/// A JSON string literal, escaped as serde_json (the reference writer) escapes it.
private func jsonString(_ text: String) -> String {
    var escaped = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\u{08}": escaped += "\\b"
        case "\u{0C}": escaped += "\\f"
        case "\n": escaped += "\\n"
        case "\r": escaped += "\\r"
        case "\t": escaped += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped + "\""
}

// MARK: - Little-endian numbers

/// Floats as fixed-width bit patterns, so encoding and decoding are exact and need no unsafe memory access.
private protocol LittleEndianStorable {
    associatedtype Bits: FixedWidthInteger & UnsignedInteger
    var storedBits: Bits { get }
    init(storedBits: Bits)
}

extension Float: LittleEndianStorable {
    var storedBits: UInt32 { bitPattern }
    init(storedBits: UInt32) { self.init(bitPattern: storedBits) }
}

extension Double: LittleEndianStorable {
    var storedBits: UInt64 { bitPattern }
    init(storedBits: UInt64) { self.init(bitPattern: storedBits) }
}

extension UInt64: LittleEndianStorable {
    var storedBits: UInt64 { self }
    init(storedBits: UInt64) { self = storedBits }
}

private func appendLittleEndian<Value: LittleEndianStorable>(_ value: Value, to bytes: inout [UInt8]) {
    let bits = value.storedBits
    for byte in 0..<(Value.Bits.bitWidth / 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> (byte * 8))) }
}

private func appendLittleEndian<Value: LittleEndianStorable>(_ values: [Value], to bytes: inout [UInt8]) {
    bytes.reserveCapacity(bytes.count + values.count * Value.Bits.bitWidth / 8)
    for value in values { appendLittleEndian(value, to: &bytes) }
}

private func readLittleEndianUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
    (readLittleEndian(bytes, from: offset, count: 1) as [UInt64])[0]
}

private func readLittleEndian<Value: LittleEndianStorable>(_ bytes: [UInt8], from offset: Int, count: Int)
    -> [Value]
{
    let width = Value.Bits.bitWidth / 8
    return (0..<count).map { index in
        var bits: Value.Bits = 0
        let start = offset + index * width
        for byte in 0..<width { bits |= Value.Bits(bytes[start + byte]) << (byte * 8) }
        return Value(storedBits: bits)
    }
}
