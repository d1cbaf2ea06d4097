import Codecs
import Glibc

/// A small folder tree described by a fuzz input, written to disk under a folder of its own and removed again.
///
/// The input is a sequence of entries, read until it runs out (a missing byte reads as 0) or `maximumEntries`:
///
///     entry   := kind parent name body
///     kind    : kind % 3 — 0 a folder, 1 a file, 2 a symbolic link
///     parent  : the folder it goes in, parent % (folders so far): 0 is the root, then the folders in order made
///     name    : its name, names[name % names.count] (dots, spaces, NFC/NFD twins, invalid UTF-8, image and other
///               extensions, hidden names)
///     body    : a folder has none; a link has one byte, its target, targets[target % 4] (".", "..", "../.." or
///               names[next byte]: a sibling, maybe missing or a file); a file has
///               mode % 4 — 0 raw bytes: a little-endian UInt16 length (at most `maximumFileBytes`) and those bytes
///                          (a zero-length file, garbage, or a PNG the fuzzer built)
///                          1 a valid PNG of w = 1 + b0 % 16 by h = 1 + b1 % 16, gray if b2 is even else RGB, all
///                          pixels b3
///                          2 that PNG cut to its first cut × count / 256 bytes (a truncated download): b0…b3 cut
///                          3 that PNG with byte position × count / 256 xor-ed with mask (bit rot):
///                          b0…b3 position mask
///
/// A name that already exists in its folder (a file where a folder is asked for, twice the same name) is skipped,
/// as is anything the file system refuses. The root lies three folders below the folder given, so that a link's
/// ".." or "../.." still points inside that folder. Written by the fuzz-image-folder harness for every input, and by
/// the regression tests for the inputs that crashed it.
public struct FuzzTree {
    static let maximumEntries = 32
    static let maximumFileBytes = 4096

    /// Names for folders and files alike, as bytes (two are not valid UTF-8).
    static let names: [[UInt8]] = [
        "a", "b", "Cat", "cat", "\u{E9}", "e\u{301}", ".hidden", " ", "with space", "...", "日本", "🙂", "x.png",
        "\u{FEFF}", "Ankle boot", "a.b", "0.png", "1.PNG", "\u{E9}.png", "e\u{301}.png", ".png", "README",
        ".DS_Store", "a.jpg", "b.JPEG", "c.webp", "img.png.txt", "img.Png", "noext", "with space.png", "-.png",
    ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xFF] + Array(".png".utf8)]

    /// Where the trees go: `<folder>/outer/inner/root`.
    public let folder: String
    public var root: String { folder + "/outer/inner/root" }
    /// Everything written for the current input, in the order written (removed in reverse).
    private var written: [(path: [UInt8], isFolder: Bool)] = []

    /// Trees under `folder`, which must exist (and stay; `outer/inner` are made in it, and removed by `removeAll`).
    public init(in folder: String) {
        self.folder = folder
        for made in [folder + "/outer", folder + "/outer/inner"] {
            guard mkdir(made, 0o755) == 0 else { fatalError("FuzzTree: cannot make \(made): errno \(errno)") }
        }
    }

    /// Writes the tree `input` describes at `root` (removing the previous one first).
    public mutating func write(_ input: [UInt8]) {
        remove()
        var cursor = input.makeIterator()
        func next() -> Int { Int(cursor.next() ?? 0) }
        let rootPath = Array(root.utf8)
        makeFolder(rootPath)
        var folders = [rootPath]
        for _ in 0..<Self.maximumEntries {
            guard let kind = cursor.next() else { break }
            let parent = folders[next() % folders.count]
            let path = parent + [UInt8(ascii: "/")] + Self.names[next() % Self.names.count]
            switch kind % 3 {
            case 0:
                if makeFolder(path) { folders.append(path) }
            case 1:
                makeFile(path, contents: Self.fileContents(next))
            default:
                let target = next() % 4
                let name = target < 3 ? Array([".", "..", "../.."][target].utf8) : Self.names[next() % Self.names.count]
                makeLink(path, to: name)
            }
        }
    }

    /// Removes everything the last `write` made, the root last: a file in it that `write` did not make stops the
    /// fuzzer (the root's `rmdir` fails), so no input leaves files behind.
    public mutating func remove() {
        for (path, isFolder) in written.reversed() {
            let removed = Self.withCString(path) { isFolder ? rmdir($0) : unlink($0) }
            precondition(removed == 0,
                         "FuzzTree: cannot remove \(String(decoding: path, as: UTF8.self)): errno \(errno)")
        }
        written = []
    }

    /// Removes the last tree and `outer/inner`.
    public mutating func removeAll() {
        remove()
        for made in [folder + "/outer/inner", folder + "/outer"] { rmdir(made) }
    }

    /// Makes `/tmp/fuzz-image-folder-<pid>`, first removing those of runs that ended in a crash (libFuzzer then exits
    /// without running `atexit`), so that no tree outlives its run by more than the next run's start.
    public static func makeProcessFolder() -> String {
        let prefix = "fuzz-image-folder-", folder = "/tmp/\(prefix)\(getpid())"
        for name in entries(in: Array("/tmp".utf8)) {
            let text = String(decoding: name, as: UTF8.self)
            guard text.hasPrefix(prefix), let pid = Int32(text.dropFirst(prefix.count)),
                  pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) else { continue }
            removeTree(Array("/tmp/".utf8) + name)
        }
        guard mkdir(folder, 0o755) == 0 else { fatalError("fuzz-image-folder: cannot make \(folder): errno \(errno)") }
        return folder
    }

    /// Removes `path` and everything under it, links not followed (a crashed run's names can be any bytes).
    private static func removeTree(_ path: [UInt8]) {
        var status = stat()
        guard withCString(path, { lstat($0, &status) }) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR {
            for name in entries(in: path) { removeTree(path + [UInt8(ascii: "/")] + name) }
            _ = withCString(path) { rmdir($0) }
        } else {
            _ = withCString(path) { unlink($0) }
        }
    }

    /// The names in the folder `path`, as bytes, without "." and "..".
    private static func entries(in path: [UInt8]) -> [[UInt8]] {
        guard let folder = withCString(path, { opendir($0) }) else { return [] }
        defer { closedir(folder) }
        var names: [[UInt8]] = []
        while let entry = readdir(folder) {
            // d_name in place: a record is only as long as its name, so copying the 256-byte field would read past it.
            let name = (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                .assumingMemoryBound(to: CChar.self)
            let bytes = Array(UnsafeRawBufferPointer(start: name, count: strlen(name)))
            if bytes != Array(".".utf8) && bytes != Array("..".utf8) { names.append(bytes) }
        }
        return names
    }

    /// A file's bytes: raw, or a valid PNG whole, cut or with one byte flipped.
    private static func fileContents(_ next: () -> Int) -> [UInt8] {
        let mode = next() % 4
        if mode == 0 {
            let count = min(next() | next() << 8, maximumFileBytes)
            return (0..<count).map { _ in UInt8(next()) }
        }
        let width = 1 + next() % 16, height = 1 + next() % 16, channels = next() % 2 == 0 ? 1 : 3
        let image = PixelImage(width: width, height: height, channels: channels,
                               pixels: Array(repeating: UInt8(next()), count: width * height * channels))
        guard var png = try? PNG.encode(image) else { fatalError("FuzzTree: cannot encode a \(width)×\(height) PNG") }
        if mode == 2 { png.removeLast(png.count - next() * png.count / 256) }
        if mode == 3 { png[next() * png.count / 256] ^= UInt8(next()) }
        return png
    }

    @discardableResult
    private mutating func makeFolder(_ path: [UInt8]) -> Bool {
        guard Self.withCString(path, { mkdir($0, 0o755) }) == 0 else { return false }
        written.append((path, true))
        return true
    }

    private mutating func makeFile(_ path: [UInt8], contents: [UInt8]) {
        let file = Self.withCString(path) { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        guard file >= 0 else { return }
        written.append((path, false))
        let count = contents.withUnsafeBytes { Glibc.write(file, $0.baseAddress, $0.count) }
        close(file)
        precondition(count == contents.count, "FuzzTree: short write: errno \(errno)")
    }

    private mutating func makeLink(_ path: [UInt8], to target: [UInt8]) {
        let made = Self.withCString(target) { target in Self.withCString(path) { symlink(target, $0) } }
        guard made == 0 else { return }
        written.append((path, false))
    }

    /// `body` with `bytes` as a NUL-terminated C string.
    private static func withCString<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }
}
