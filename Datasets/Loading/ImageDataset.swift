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

    /// The `[channels, height, width]` shape of every sample as a tensor, if the data set knows it without
    /// decoding anything (all images one size), else nil. Lets the DataLoader fill batches in place.
    var uniformTensorShape: [Int]? { get }

    /// Writes sample `index` as `ToTensor` gives it (CHW, values in [0, 1]) into `scalars` from `offset` on.
    /// The default decodes the image; in-memory data sets write straight from their bytes, allocating nothing.
    func writeTensor(at index: Int, into scalars: inout [Float], offset: Int) throws(DatasetError)
}

extension ImageDataset {
    public var uniformTensorShape: [Int]? { nil }

    public func writeTensor(at index: Int, into scalars: inout [Float], offset: Int) throws(DatasetError) {
        let image = try image(at: index)
        ToTensor.write(image.pixels[...], channels: image.channels, into: &scalars, at: offset)
    }
}
