import Foundation
import Testing
@testable import DeepLearning

/// A directory of its own for each test that writes files, removed afterwards.
private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("safetensors-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try body(directory)
}

/// The tensors of Fixtures/reference.safetensors, rebuilt from the closed forms in make_fixtures.py
/// (write_reference_safetensors): weight[i] = i/2 − 1 (F32, exact), bias = [0.1, 0.2, 0.3] (F64),
/// scale = 0.25 (F64, shape []), empty (F32, 0×3); metadata format = pt.
private let referenceContents = SafetensorsContents(
    tensors: [
        "weight": .float32(Tensor(shape: [2, 3], scalars: (0..<6).map { Float($0) / 2 - 1 })),
        "bias": .float64(Tensor(shape: [3], scalars: [0.1, 0.2, 0.3])),
        "scale": .float64(Tensor(shape: [], scalars: [0.25])),
        "empty": .float32(Tensor(shape: [0, 3])),
    ],
    metadata: ["format": "pt"])

@Suite("Safetensors: PyTorch interoperability and round trips")
struct SafetensorsTests {
    /// A file written by the reference implementation (Python `safetensors`, via make_fixtures.py) loads with
    /// every value exact.
    @Test func loadsTheFileWrittenByPyTorchSafetensors() throws {
        let loaded = try loadSafetensors(from: Fixture.url(of: "reference.safetensors"))
        #expect(loaded == referenceContents)
    }

    /// Our writer produces the reference writer's bytes exactly (ordering, compact JSON, space padding to a
    /// multiple of 8), so PyTorch reads what we write as it reads its own files.
    @Test func encodesTheSameBytesAsTheReferenceWriter() throws {
        let reference = [UInt8](try Data(contentsOf: Fixture.url(of: "reference.safetensors")))
        #expect(try encodeSafetensors(referenceContents) == reference)
    }

    /// Header length is a multiple of 8 and the data section starts 8-byte aligned, for any name length.
    @Test func headerIsPaddedWithSpacesToEightBytes() throws {
        for nameLength in 1...9 {
            let bytes = try encodeSafetensors(SafetensorsContents(
                tensors: [String(repeating: "x", count: nameLength): .float64(Tensor(shape: [1], scalars: [1]))]))
            let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
            #expect(headerLength % 8 == 0)
            #expect(bytes[8 + headerLength - 1] == UInt8(ascii: " ") || bytes[8 + headerLength - 1] == UInt8(ascii: "}"))
        }
    }

    /// Every bit pattern survives, including −0, infinities, NaN payloads and subnormals; names with quotes,
    /// backslashes, control characters and non-ASCII letters; several metadata entries.
    @Test func roundTripThroughAFileIsExact() throws {
        let specials: [Float] = [-0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let doubles: [Double] = [-0.0, .leastNonzeroMagnitude, 1 / 3, -.pi]
        let contents = SafetensorsContents(
            tensors: ["conv1.weight": .float32(Tensor(shape: [2, 3], scalars: specials)),
                      "q\"uote\\back\nslash\u{1}é": .float64(Tensor(shape: [2, 2], scalars: doubles))],
            metadata: ["format": "pt", "epoch": "3", "note": "naïve \"quoted\""])
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            try saveSafetensors(contents, to: url)
            let loaded = try loadSafetensors(from: url)
            #expect(loaded.metadata == contents.metadata)
            #expect(Set(loaded.tensors.keys) == Set(contents.tensors.keys))
            let weight = try #require(loaded.tensors["conv1.weight"]).tensor(as: Float.self, name: "conv1.weight")
            #expect(weight.shape == [2, 3])
            #expect(weight.scalars.map(\.bitPattern) == specials.map(\.bitPattern))
            let other = try #require(loaded.tensors["q\"uote\\back\nslash\u{1}é"]).tensor(as: Double.self, name: "q")
            #expect(other.scalars.map(\.bitPattern) == doubles.map(\.bitPattern))
        }
    }

    /// The write goes to a temporary file that is renamed into place: overwriting works and leaves no
    /// temporary file behind; a directory that does not exist gives a thrown error, not a crash.
    @Test func writesAreAtomic() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            try saveSafetensors(referenceContents, to: url)
            let smaller = SafetensorsContents(tensors: ["w": .float32(Tensor(shape: [1], scalars: [2]))])
            try saveSafetensors(smaller, to: url)
            #expect(try loadSafetensors(from: url) == smaller)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
            let missing = directory.appendingPathComponent("no/such/dir/model.safetensors")
            let error = #expect(throws: SafetensorsError.self) { try saveSafetensors(smaller, to: missing) }
            #expect(error?.description.contains("cannot write") == true)
        }
    }

    /// A model saves under its state_dict keys and loads back by name; a failed load names the tensor and changes
    /// nothing (every tensor is checked before any is assigned).
    @Test func modelsSaveAndLoadByName() throws {
        func model(_ seed: UInt64, features: Int = 2) -> Sequential<Float> {
            var generator = RandomGenerator(seed: seed)
            return Sequential(layers: [
                Linear(name: "fc", inputFeatures: 2, outputFeatures: features, generator: &generator),
            ])
        }
        let saved = model(1)
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("fc.safetensors")
            try saveSafetensors(model: saved, to: url)
            #expect(try loadSafetensors(from: url).tensors.keys.sorted() == ["fc.bias", "fc.weight"])
            let fresh = model(2)
            #expect(fresh.parameters.map(\.value) != saved.parameters.map(\.value))
            try loadSafetensors(into: fresh, from: url)
            #expect(fresh.parameters.map(\.value) == saved.parameters.map(\.value))

            let untouched = model(3), before = untouched.parameters.map(\.value)
            let extra = NamedParameter(name: "fc.scale", parameter: Parameter(name: "scale", value: Tensor<Float>(shape: [1])))
            #expect(throws: SafetensorsError(.missingTensor(name: "fc.scale"), path: url.path)) {
                try loadSafetensors(into: untouched.namedTensors() + [extra], from: url)
            }
            #expect(untouched.parameters.map(\.value) == before)
            #expect(throws: SafetensorsError(.shapeMismatch(tensor: "fc.weight", stored: [2, 2], expected: [3, 2]),
                                             path: url.path)) {
                try loadSafetensors(into: model(4, features: 3), from: url)
            }
            #expect(throws: SafetensorsError(.dtypeMismatch(tensor: "fc.weight", stored: "F32", requested: "F64"),
                                             path: url.path)) {
                var generator = RandomGenerator(seed: 5)
                try loadSafetensors(into: Linear<Double>(name: "fc", inputFeatures: 2, outputFeatures: 2,
                                                         generator: &generator).namedTensors().map {
                    NamedParameter(name: "fc." + $0.name, parameter: $0.parameter)
                }, from: url)
            }
        }
    }

    @Test func metadataIsNotATensorName() {
        #expect(throws: SafetensorsError(.reservedName)) {
            try encodeSafetensors(SafetensorsContents(tensors: ["__metadata__": .float32(Tensor(shape: [1]))]))
        }
    }
}

/// A damaged file and the reason the reader must give.
struct CorruptFile: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    let matches: @Sendable (SafetensorsError.Reason) -> Bool
    var testDescription: String { name }

    /// A file whose header is `header` (JSON text) followed by `dataBytes` zero bytes; `headerLength` overrides
    /// the length field.
    init(_ name: String, header: String, dataBytes: Int = 0, headerLength: UInt64? = nil,
         matches: @escaping @Sendable (SafetensorsError.Reason) -> Bool) {
        let headerBytes = Array(header.utf8)
        let length = headerLength ?? UInt64(headerBytes.count)
        let lengthBytes = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        self.init(name, bytes: lengthBytes + headerBytes + Array(repeating: 0, count: dataBytes), matches: matches)
    }

    init(_ name: String, bytes: [UInt8], matches: @escaping @Sendable (SafetensorsError.Reason) -> Bool) {
        self.name = name
        self.bytes = bytes
        self.matches = matches
    }

    static let all: [CorruptFile] = [
        CorruptFile("empty file", bytes: []) { $0 == .fileTooShort(size: 0) },
        CorruptFile("truncated length field", bytes: [16, 0, 0]) { $0 == .fileTooShort(size: 3) },
        CorruptFile("header length past the end", header: "{}", headerLength: 1000) {
            $0 == .headerLengthPastEnd(headerLength: 1000, fileSize: 10)
        },
        CorruptFile("header length 2^64 - 1", header: "{}", headerLength: .max) {
            $0 == .headerLengthPastEnd(headerLength: .max, fileSize: 10)
        },
        CorruptFile("header is not JSON", header: #"{"a": {"dtype": "F32""#) {
            if case .headerNotJSON = $0 { true } else { false }
        },
        CorruptFile("header is a JSON array", header: "[1, 2]") {
            if case .headerNotJSON = $0 { true } else { false }
        },
        CorruptFile("entry without data_offsets", header: #"{"a":{"dtype":"F32","shape":[1]}}"#) {
            if case .headerNotJSON = $0 { true } else { false }
        },
        CorruptFile("fractional dimension", header: #"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,
                    dataBytes: 4) {
            if case .headerNotJSON = $0 { true } else { false }
        },
        CorruptFile("unsupported dtype", header: #"{"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#,
                    dataBytes: 4) { $0 == .unsupportedDtype(tensor: "a", dtype: "BF16") },
        CorruptFile("negative dimension", header: #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
                    dataBytes: 4) { $0 == .negativeDimension(tensor: "a", shape: [-1]) },
        CorruptFile("offsets reversed", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}"#,
                    dataBytes: 8) { $0 == .badOffsets(tensor: "a", offsets: [8, 4]) },
        CorruptFile("three offsets", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}"#,
                    dataBytes: 8) { $0 == .badOffsets(tensor: "a", offsets: [0, 4, 8]) },
        CorruptFile("offsets past the end", header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
                    dataBytes: 8) { $0 == .offsetsPastEnd(tensor: "a", offsets: [0, 16], dataSize: 8) },
        CorruptFile("shape and size disagree", header: #"{"a":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}"#,
                    dataBytes: 16) {
            $0 == .sizeMismatch(tensor: "a", dtype: "F64", shape: [3], expectedBytes: 24, offsets: [0, 16])
        },
        CorruptFile("shape whose byte count overflows",
                    header: #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#) {
            if case .sizeMismatch(tensor: "a", dtype: "F32", shape: _, expectedBytes: .max, offsets: [0, 0]) = $0 {
                true
            } else { false }
        },
        CorruptFile("overlapping tensors", header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                        + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, dataBytes: 12) {
            $0 == .overlap(tensor: "b", offsets: [4, 12], previous: "a", previousOffsets: [0, 8])
        },
        CorruptFile("gap between tensors", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
                        + #""b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, dataBytes: 12) {
            $0 == .gap(tensor: "b", offsets: [8, 12], expectedBegin: 4)
        },
        CorruptFile("bytes after the last tensor", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                    dataBytes: 8) { $0 == .trailingBytes(count: 4) },
        CorruptFile("metadata that is not a string map", header: #"{"__metadata__":{"epoch":3}}"#) {
            if case .headerNotJSON = $0 { true } else { false }
        },
    ]
}

@Suite("Safetensors: corrupt files give clear errors")
struct SafetensorsCorruptionTests {
    @Test(arguments: CorruptFile.all)
    func corruptFileIsRejectedWithItsReason(_ file: CorruptFile) {
        let error = #expect(throws: SafetensorsError.self) { try decodeSafetensors(file.bytes) }
        if let error { #expect(file.matches(error.reason), "\(file.name): got \(error.description)") }
    }

    /// Every truncation of a valid file is an error, never a crash or a read past the end.
    @Test func everyTruncationOfAValidFileIsRejected() throws {
        let bytes = try encodeSafetensors(referenceContents)
        for length in 0..<bytes.count {
            #expect(throws: SafetensorsError.self, "truncated to \(length) of \(bytes.count) bytes") {
                try decodeSafetensors(Array(bytes[..<length]))
            }
        }
    }

    /// Loading through a path puts the path in the message.
    @Test func fileErrorsNameTheFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("broken.safetensors")
            try Data([1, 2, 3]).write(to: url)
            let error = #expect(throws: SafetensorsError.self) { try loadSafetensors(from: url) }
            #expect(error?.description == "safetensors \(url.path): the file has 3 bytes, fewer than the 8-byte header length")
            let missing = #expect(throws: SafetensorsError.self) {
                try loadSafetensors(from: directory.appendingPathComponent("absent.safetensors"))
            }
            #expect(missing?.description.contains("cannot read the file") == true)
        }
    }
}
