@_exported import Codecs

/// A data set of labelled images that a `DataLoader` can draw from: Fashion-MNIST in memory, an `ImageFolder`
/// on disk, or a subset of either.
///
/// `image(at:)` may do real work (read and decode a PNG), so loaders call it from their prefetching thread;
/// implementations must be safe to call from any thread.
public protocol ImageDataset: Sendable {
    /// Number of samples.
    var count: Int { get }
    /// Class names in label order: label `k` names `classNames[k]`.
    var classNames: [String] { get }
    /// The label of sample `index`, in `0..<classNames.count`.
    func label(at index: Int) -> Int
    /// The image of sample `index`, 8-bit HWC.
    func image(at index: Int) throws(DatasetError) -> PixelImage
}
