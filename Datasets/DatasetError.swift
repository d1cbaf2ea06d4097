/// Why a data set could not be read, in one line that says what to do about it.
///
/// Loaders throw these instead of trapping, so the CLI can print `description` and exit non-zero.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A file the data set needs is not there; `remedy` says how to get it (e.g. the Debian package).
    case missingFile(path: String, remedy: String)
    /// A file is there but its content is wrong: bad magic, truncated, wrong count, bad gzip, bad PNG.
    case corruptFile(path: String, reason: String)
    /// A file's SHA-256 is not the one recorded in Datasets/README.md.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// A folder tree does not have the shape ImageFolder needs (no class folders, an empty class, ...).
    case badLayout(path: String, reason: String)
    /// A file or folder could not be written (an export).
    case cannotWrite(path: String, reason: String)
    /// Samples of one data set do not have the same shape (or channels), so they cannot share a batch.
    case inconsistentSamples(reason: String)
    /// A stage of a `DataLoader` does not fit its samples: a crop of another size, a normalisation of other
    /// channels.
    case unfitStage(reason: String)
    /// Two ImageFolder trees meant to be the training and test sets of one model have different classes.
    case mismatchedClasses(train: [String], test: [String])

    public var description: String {
        switch self {
        case let .missingFile(path, remedy):
            "\(path) is missing: \(remedy)"
        case let .corruptFile(path, reason):
            "\(path) is corrupt: \(reason)"
        case let .checksumMismatch(path, expected, actual):
            "\(path) has SHA-256 \(actual), expected \(expected): the file is damaged or not the packaged one"
        case let .badLayout(path, reason):
            "\(path): \(reason)"
        case let .cannotWrite(path, reason):
            "cannot write \(path): \(reason)"
        case let .inconsistentSamples(reason), let .unfitStage(reason):
            reason
        case let .mismatchedClasses(train, test):
            "--test-dir has the classes \(test), --train-dir has \(train): both trees need the same class folders"
        }
    }
}

extension DatasetError {
    /// Sample `index` decodes to `shape`, where the loader's batches hold samples of `expected`.
    static func wrongSampleShape(index: Int, shape: ImageShape, expected: ImageShape) -> DatasetError {
        .inconsistentSamples(reason: "sample \(index) is \(shape), but the loader's batches hold samples of "
                                 + "\(expected), the shape of sample 0: decode through a Resize (ResizedImages) so that "
                                 + "all samples have one shape")
    }
}
