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
///   loader raises too); nothing is dropped silently. So a name that is not valid UTF-8 is an error too, as are two
///   class folders whose names are one name in two Unicode spellings (NFC and NFD) and a symbolic link that leads
///   back to a folder above it (where torchvision's walk would never end).
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
    ///   class folder has no image, if a file has an image extension other than .png, if a folder cannot be listed,
    ///   if a name is not valid UTF-8, if two class names differ only in their Unicode spelling, or if a symbolic
    ///   link loops.
    public init(root: String, channels: Int = 3) throws(DatasetError) {
        precondition(channels == 1 || channels == 3, "ImageFolder: \(channels) channels, expected 1 or 3")
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFile(path: root, remedy: "ImageFolder needs a folder with one sub-folder per class "
                                   + "(export one with `workbook export-imagefolder` or `make datasets`)")
        }
        let classNames = ImageFolder.sortedLikePython(
            try ImageFolder.entries(of: root).filter { ImageFolder.isDirectory(root + "/" + $0) })
        guard !classNames.isEmpty else { throw .badLayout(path: root, reason: "no class folders in it") }
        try ImageFolder.requireDistinctSpellings(classNames, in: root)

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
    /// split into .png images in torchvision's order and skipped non-image files. A link back to a folder the walk
    /// is inside is an error: `os.walk` would never end there.
    private static func scanClassFolder(_ classRoot: String) throws(DatasetError)
        -> (images: [String], skipped: [String]) {
        var byFolder: [(folder: String, names: [String])] = []
        var pending: [(folder: String, ancestors: [(folder: String, identity: FolderIdentity?)])] = [(classRoot, [])]
        while let next = pending.popLast() {
            let (folder, ancestors) = next
            let identity = FolderIdentity(of: folder)
            if let identity, let earlier = ancestors.first(where: { $0.identity == identity }) {
                throw .badLayout(path: folder, reason: "a symbolic link loop: this is \(earlier.folder) again, so the "
                                     + "walk would never end (nor would torchvision's): remove or retarget the link")
            }
            var names: [String] = []
            for entry in try entries(of: folder) {
                let path = folder + "/" + entry
                if isDirectory(path) {
                    pending.append((path, ancestors + [(folder, identity)]))
                } else {
                    names.append(entry)
                }
            }
            byFolder.append((folder, sortedLikePython(names)))
        }
        // Sorted as tuples, not through a dictionary keyed by folder: Swift's String equality would take the NFC
        // and NFD spellings of one name, two folders on disk, for one key.
        byFolder.sort { precedesLikePython($0.folder, $1.folder) }
        var images: [String] = [], skipped: [String] = []
        for (folder, names) in byFolder {
            for name in names {
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

    /// The names in `folder`. Foundation shows the bytes of a name that is not valid UTF-8 as U+FFFD, a name under
    /// which nothing can be opened: an error, or its folder would be dropped and its file be unreadable.
    private static func entries(of folder: String) throws(DatasetError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw .badLayout(path: folder, reason: "cannot list it: \(error.localizedDescription)")
        }
        for name in names where name.unicodeScalars.contains("\u{FFFD}") && !exists(folder + "/" + name) {
            throw .badLayout(path: folder + "/" + name, reason: "the name is not valid UTF-8 (its bytes show as "
                                 + "\u{FFFD}): rename it")
        }
        return names
    }

    /// Swift compares strings by canonical equivalence, Python and the file system by code points: the NFC and NFD
    /// spellings of "é" are two folders on disk and two classes to torchvision, but one name to Swift (and to any
    /// reader of the workbook's output), so they are an error.
    private static func requireDistinctSpellings(_ classNames: [String], in root: String) throws(DatasetError) {
        var spellings: [String: String] = [:]
        for name in classNames {
            if let other = spellings.updateValue(name, forKey: name) {
                throw .badLayout(path: root, reason: "the class folders \(codePoints(other)) and \(codePoints(name)) "
                                     + "are one name in two Unicode spellings (NFC and NFD): rename one")
            }
        }
    }

    /// `name` with every non-ASCII code point as \u{…}, so that two spellings of one name print differently.
    private static func codePoints(_ name: String) -> String {
        let spelled = name.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{\(String($0.value, radix: 16))}" }
        return "\"" + spelled.joined() + "\""
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether anything, a dangling link included, is at `path`.
    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Sorted by Unicode code points, as Python compares `str` (Swift's `<` on String uses canonical equivalence).
    static func sortedLikePython(_ names: [String]) -> [String] {
        names.sorted(by: precedesLikePython)
    }

    /// Python's `a < b` on `str`: code point by code point.
    static func precedesLikePython(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}

/// Which folder a path is, links followed (device and inode): how a walk sees that a link led it back.
private struct FolderIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    init?(of path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}
