import Foundation

/// The folder name for a class: the class name with every character a file name cannot hold, or should not
/// (path separators, NUL and control characters), replaced by "_". Fashion-MNIST's "T-shirt/top" becomes
/// "T-shirt_top"; "Ankle boot" keeps its space.
public func imageFolderName(forClass className: String) -> String {
    let safe = String(className.unicodeScalars.map { scalar -> Character in
        scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control ? "_" : Character(scalar)
    })
    return safe == "." || safe == ".." || safe.isEmpty ? "_" + safe : safe
}

/// Writes data sets as an ImageFolder tree of PNG files: `root/<split>/<class folder>/<index>.png`.
///
/// Each `(split, images)` pair becomes one sub-tree, e.g. `("train", trainSet)` and `("test", testSet)` give
/// `root/train/` and `root/test/`. Class folders are named by `imageFolderName(forClass:)`. Files are named by the
/// image's index in its split, zero-padded to the same width (`00042.png`), so that within a class file-name
/// order is index order. A class without images gets no folder. Existing files of the same name are
/// overwritten; nothing else is deleted.
///
/// - Parameter progress: called after each image with (images written so far, total images), from the calling
///   thread; the CLI prints from it.
/// - Throws: `DatasetError.badLayout` if two class names map to the same folder name; `.cannotWrite` naming the
///   folder or file that could not be written.
public func exportImageFolder(_ splits: [(name: String, images: LabeledImages)], to root: String,
                              progress: (_ written: Int, _ total: Int) -> Void = { _, _ in }) throws(DatasetError) {
    let total = splits.reduce(0) { $0 + $1.images.count }
    var written = 0
    for (splitName, images) in splits {
        let folders = images.classNames.map { root + "/" + splitName + "/" + imageFolderName(forClass: $0) }
        guard Set(folders).count == folders.count else {
            throw .badLayout(path: root + "/" + splitName, reason: "two of the classes \(images.classNames) "
                                 + "map to the same folder name")
        }
        // Only classes that have images get a folder: ImageFolder (like torchvision's) rejects an empty one.
        for folder in Set(images.labels).sorted().map({ folders[$0] }) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: folder, reason: error.localizedDescription)
            }
        }
        let digits = String(max(images.count - 1, 0)).count
        for index in 0..<images.count {
            let number = String(index)
            let path = folders[images.labels[index]] + "/"
                + String(repeating: "0", count: digits - number.count) + number + ".png"
            do {
                try PNG.write(images.image(at: index), toFile: path)
            } catch {
                throw .cannotWrite(path: path, reason: error.description)
            }
            written += 1
            progress(written, total)
        }
    }
}
