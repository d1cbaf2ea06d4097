import Datasets
import FuzzDriver
import FuzzTree
import Glibc

/// One input: a folder tree (`FuzzTree`'s format) read as the workbook reads an ImageFolder tree, with 1 and with 3
/// channels: `ImageFolder(root:channels:)` and its `classToIndex` (§5.2.1's class_to_idx), every image decoded and
/// resized into memory by `DataSplits.imageFolders` as `workbook training --train-dir --test-dir` does (the same
/// tree as both), and one epoch of a `DataLoader` over `ResizedImages` as §5.2.1's article loader. Any tree must
/// load or throw `DatasetError`; a trap, a memory error or a hang is a bug.
@_cdecl("fuzz_image_folder_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    atexit {
        tree.removeAll()
        rmdir(tree.folder)
    }
    return runFuzzer(argc, argv) { bytes in
        tree.write(bytes)
        defer { tree.remove() }
        for channels in [1, 3] {
            guard let folder = try? ImageFolder(root: tree.root, channels: channels) else { continue }
            _ = folder.classToIndex
            _ = try? DataSplits.imageFolders(train: tree.root, test: tree.root, size: 4, channels: channels, seed: 0)
            let batches = DataLoader(ResizedImages(folder, resize: Resize(4, 4)), batchSize: 4, producers: 0)
                .batches(epoch: 0)
            do { while try batches.next() != nil {} } catch {}
        }
    }
}

/// The trees of this process, in `/tmp/fuzz-image-folder-<pid>`; made once, on the main thread, before libFuzzer's
/// first input.
nonisolated(unsafe) private var tree = FuzzTree(in: processFolder())

/// Makes `/tmp/fuzz-image-folder-<pid>`, first removing those of runs that ended in a crash (libFuzzer then exits
/// without running `atexit`), so that no tree outlives its run by more than the next run's start.
private func processFolder() -> String {
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
private func removeTree(_ path: [UInt8]) {
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
private func entries(in path: [UInt8]) -> [[UInt8]] {
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

/// `body` with `bytes` as a NUL-terminated C string.
private func withCString<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> Result) -> Result {
    (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
}
