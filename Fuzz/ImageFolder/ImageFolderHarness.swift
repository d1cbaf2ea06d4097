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
nonisolated(unsafe) private var tree = FuzzTree(in: FuzzTree.makeProcessFolder())
