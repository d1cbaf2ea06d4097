import Foundation

/// torchvision's `datasets.ImageFolder`: a tree `root/<class>/**/<image>.png`, one folder per class.
///
/// - Classes are the sub-folders of `root`, sorted by Unicode code point as Python's `sorted` does, and numbered
///   in that order: label `k` is `classNames[k]`. (So an exported Fashion-MNIST tree numbers its classes
///   alphabetically, "Ankle boot" = 0, not in Fashion-MNIST's label order, exactly as torchvision would.)
/// - Samples are every file under a class folder, sub-folders included, ordered by folder path and then file
///   name (torchvision: `sorted(os.walk(...))`, then `sorted(fnames)`).
/// - Files policy: a file without an image extension (README, .DS_Store, labels.csv) is skipped and listed in
///   `skippedFiles`, as torchvision skips it. A file with an image extension other than .png (.jpg, .bmp, ...)
///   is an error when the tree is scanned: torchvision would load it, and silently dropping it would change the
///   data set. An unreadable or corrupt .png is an error when it is loaded, naming the file (torchvision's PIL
///   loader raises too); nothing is dropped silently.
/// - Images are decoded by libpng and converted to `channels` channels: 3 by default, like torchvision's loader
///   (`Image.convert("RGB")`), or 1 to keep gray images gray.
public struct ImageFolder: ImageDataset {
    /// Extensions torchvision's ImageFolder accepts (`IMG_EXTENSIONS`), lower case without the dot.
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "ppm", "bmp", "pgm", "tif", "tiff",
                                                      "webp"]

    public let root: String
    public let classNames: [String]
    /// Full path of every sample, in sample order.
    public let paths: [String]
    /// The label of every sample, in sample order.
    public let labels: [Int]
    /// Channels every image is converted to (1 or 3).
    public let channels: Int
    /// Files under class folders that were skipped because they have no image extension, as full paths.
    public let skippedFiles: [String]

    /// Scans the tree under `root`.
    ///
    /// - Throws: `DatasetError.missingFile` if `root` does not exist; `.badLayout` if it has no class folder, if a
    ///   class folder has no image, or if a file has an image extension other than .png.
    public init(root: String, channels: Int = 3) throws(DatasetError) {
        precondition(channels == 1 || channels == 3, "ImageFolder: \(channels) channels, expected 1 or 3")
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFile(path: root, remedy: "ImageFolder needs a folder with one sub-folder per class "
                                   + "(export one with `workbook export-imagefolder` or `make datasets`)")
        }
        let classNames = ImageFolder.sortedLikePython(
            ((try? files.contentsOfDirectory(atPath: root)) ?? []).filter { ImageFolder.isDirectory(root + "/" + $0) })
        guard !classNames.isEmpty else { throw .badLayout(path: root, reason: "no class folders in it") }

        var paths: [String] = [], labels: [Int] = [], skipped: [String] = []
        for (label, className) in classNames.enumerated() {
            let classRoot = root + "/" + className
            let (images, others) = try ImageFolder.scanClassFolder(classRoot)
            guard !images.isEmpty else {
                throw .badLayout(path: classRoot, reason: "class folder has no .png image")
            }
            paths += images
            labels += Array(repeating: label, count: images.count)
            skipped += others
        }
        self.root = root
        self.classNames = classNames
        self.paths = paths
        self.labels = labels
        self.channels = channels
        self.skippedFiles = skipped
    }

    public var count: Int { paths.count }

    /// torchvision's `class_to_idx`.
    public var classToIndex: [String: Int] {
        Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
    }

    public func label(at index: Int) -> Int { labels[index] }

    /// Reads and decodes sample `index`. Throws `DatasetError.corruptFile` naming the file if libpng cannot.
    public func image(at index: Int) throws(DatasetError) -> PixelImage {
        do {
            return try PNG.decode(contentsOfFile: paths[index], channels: channels)
        } catch {
            throw .corruptFile(path: paths[index], reason: error.description)
        }
    }

    /// Every file under `classRoot` (recursively, following symbolic links like `os.walk(followlinks=True)`),
    /// split into .png images in torchvision's order and skipped non-image files.
    private static func scanClassFolder(_ classRoot: String) throws(DatasetError)
        -> (images: [String], skipped: [String]) {
        var byFolder: [(folder: String, names: [String])] = []
        var pending = [classRoot]
        while let folder = pending.popLast() {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            var names: [String] = []
            for entry in entries {
                let path = folder + "/" + entry
                if isDirectory(path) { pending.append(path) } else { names.append(entry) }
            }
            byFolder.append((folder, sortedLikePython(names)))
        }
        let folderOrder = sortedLikePython(byFolder.map(\.folder))
        let namesOf = Dictionary(uniqueKeysWithValues: byFolder.map { ($0.folder, $0.names) })
        var images: [String] = [], skipped: [String] = []
        for folder in folderOrder {
            for name in namesOf[folder] ?? [] {
                let path = folder + "/" + name
                let fileExtension = (name as NSString).pathExtension.lowercased()
                if fileExtension == "png" {
                    images.append(path)
                } else if imageExtensions.contains(fileExtension) {
                    throw .badLayout(path: path, reason: "only PNG images can be read (libpng); convert this "
                                         + ".\(fileExtension) file to PNG or move it out of the tree")
                } else {
                    skipped.append(path)
                }
            }
        }
        return (images, skipped)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Sorted by Unicode code points, as Python compares `str` (Swift's `<` on String uses canonical equivalence).
    static func sortedLikePython(_ names: [String]) -> [String] {
        names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }
}
