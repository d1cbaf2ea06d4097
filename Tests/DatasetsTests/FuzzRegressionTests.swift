import Foundation
import Testing
import Codecs
import FuzzTree
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

    /// Writes the tree a fuzz-image-folder input describes (`FuzzTree`'s format) in a temporary folder and hands
    /// `body` its root.
    @discardableResult
    static func withTree<Result>(_ input: [UInt8], _ body: (String) throws -> Result) throws -> Result {
        try withTemporaryDirectory { folder in
            var tree = FuzzTree(in: folder)
            tree.write(input)
            defer { tree.removeAll() }
            return try body(tree.root)
        }
    }

    /// 49 bytes on which fuzz-image-folder ran past libFuzzer's timeout: a tree whose class folder `a` holds two
    /// links, `a/a → .` and `a/0.png → ..` (the root). The walk followed both at every level, a/a/a/…,
    /// a/0.png/a/…, doubling each time, to no end (as torchvision's `os.walk(followlinks=True)` would). Either
    /// link is the first to lead back to `a`, depending on the order the file system lists them in.
    @Test func aSymbolicLinkLoopIsOneError() throws {
        let input = try Self.fixture("fuzz-image-folder-link-loop.tree")
        try Self.withTree(input) { root in
            let error = #expect(throws: DatasetError.self) { try ImageFolder(root: root, channels: 1) }
            guard case let .badLayout(path, reason) = error else {
                Issue.record("not a layout error: \(String(describing: error))")
                return
            }
            #expect([root + "/a/a", root + "/a/0.png/a"].contains(path))
            #expect(reason == "a symbolic link loop: this is \(root)/a again, so the walk would never end "
                    + "(nor would torchvision's): remove or retarget the link")
        }
    }

    /// Two class folders, "e" + U+0301 (NFD) and U+00E9 (NFC), each with a 2×2 PNG: two names on disk and to
    /// Python, one to Swift, so `classToIndex` trapped on a duplicate key. Written by hand in FuzzTree's format
    /// (folder root/<name 5>, folder root/<name 4>, a valid PNG 0.png in each) once the walk's code showed the
    /// dictionaries: the fuzzer's first minute had not put the twins side by side.
    @Test func classNamesInTwoUnicodeSpellingsAreOneError() throws {
        let input: [UInt8] = [0, 0, 5, 0, 0, 4, 1, 1, 16, 1, 1, 1, 0, 9, 1, 2, 16, 1, 1, 1, 0, 9]
        try Self.withTree(input) { root in
            let reason = "the class folders \"e\\u{301}\" and \"\\u{e9}\" are one name in two Unicode spellings "
                + "(NFC and NFD): rename one"
            #expect(throws: DatasetError.badLayout(path: root, reason: reason)) {
                try ImageFolder(root: root, channels: 1)
            }
        }
    }

    /// Class `a` with sub-folders "e" + U+0301 and U+00E9, a PNG in each: the walk kept its folders in a dictionary
    /// keyed by path, which trapped on the two spellings (written by hand, like the test above). Both are folders
    /// of one class, as torchvision sees them: two samples, in code-point order.
    @Test func subFoldersInTwoUnicodeSpellingsAreTwoFolders() throws {
        let input: [UInt8] = [0, 0, 0, 0, 1, 5, 0, 1, 4, 1, 2, 16, 1, 1, 1, 0, 9, 1, 3, 16, 1, 1, 1, 0, 200]
        try Self.withTree(input) { root in
            let folder = try ImageFolder(root: root, channels: 1)
            #expect(folder.paths == [root + "/a/e\u{301}/0.png", root + "/a/\u{E9}/0.png"])
            #expect(folder.labels == [0, 0])
            #expect(try (0..<2).map { try folder.image(at: $0).pixels } == [[9, 9, 9, 9], [200, 200, 200, 200]])
        }
    }

    /// A class folder whose name is the bytes FF FE (not UTF-8) beside class `a`: Foundation lists it as U+FFFD
    /// U+FFFD, a path that does not exist, so it was no folder and its images were dropped without a word.
    @Test func aNameThatIsNotUTF8IsOneError() throws {
        let input: [UInt8] = [0, 0, 0, 1, 1, 16, 1, 1, 1, 0, 9, 0, 0, 31, 1, 2, 16, 1, 1, 1, 0, 9]
        try Self.withTree(input) { root in
            #expect(throws: DatasetError.badLayout(path: root + "/\u{FFFD}\u{FFFD}", reason: "the name is not valid "
                                                   + "UTF-8 (its bytes show as \u{FFFD}): rename it")) {
                try ImageFolder(root: root, channels: 1)
            }
        }
    }
}
