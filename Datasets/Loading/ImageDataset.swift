@_exported import Codecs

/// A data set of labelled images that a `DataLoader` can draw from: Fashion-MNIST in memory, an `ImageFolder`
/// on disk, either resized (`ResizedImages`), or a subset of any.
///
/// Decoding is the first stage of the loader's batch pipeline: `writeTensor` turns a sample into its CHW Float
/// values straight in the sample's slice of the batch. It may do real work (read and decode a PNG, resize), so
/// loaders call it from their producer threads; implementations must be safe to call from any thread.
public protocol ImageDataset: Sendable {
    /// Number of samples.
    var count: Int { get }
    /// Class names in label order: label `k` names `classNames[k]`.
    var classNames: [String] { get }
    /// The label of sample `index`, in `0..<classNames.count`.
    func label(at index: Int) -> Int
    /// The image of sample `index`, 8-bit HWC.
    func image(at index: Int) throws(DatasetError) -> PixelImage

    /// The shape sample `index` decodes to. In-memory data sets and exact resizes know it without decoding
    /// anything; the default decodes the image.
    func sampleShape(at index: Int) throws(DatasetError) -> ImageShape

    /// Writes sample `index` as `ToTensor` gives it (CHW, values in [0, 1]) into `slot`, which holds exactly
    /// `shape.count` values. Throws `DatasetError.inconsistentSamples` if the sample does not decode to `shape`
    /// (the loader's one sample shape). The default decodes the image; in-memory data sets write straight from
    /// their bytes, allocating nothing.
    func writeTensor(at index: Int, into slot: UnsafeMutableBufferPointer<Float>, shape: ImageShape)
        throws(DatasetError)
}

extension ImageDataset {
    public func sampleShape(at index: Int) throws(DatasetError) -> ImageShape {
        ImageShape(of: try image(at: index))
    }

    public func writeTensor(at index: Int, into slot: UnsafeMutableBufferPointer<Float>, shape: ImageShape)
        throws(DatasetError) {
        let image = try image(at: index)
        guard ImageShape(of: image) == shape else {
            throw .wrongSampleShape(index: index, shape: ImageShape(of: image), expected: shape)
        }
        ToTensor.write(image.pixels[...], channels: image.channels, into: slot)
    }
}
