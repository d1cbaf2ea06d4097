import Datasets

/// A data set whose samples come out of `ToTensor` and then torchvision's `Normalize(mean, std)`:
/// each value of channel c is `(byte/255 − mean[c]) / std[c]`, one Float subtraction and one Float division, as
/// `tensor.sub_(mean).div_(std)` computes it (the same arithmetic as Datasets' `Normalize` transform).
///
/// Normalising here rather than with a transform keeps the `DataLoader` on its in-place path: the batch is filled
/// straight from the bytes on the prefetch thread, with no tensor per sample.
public struct NormalizedImages: ImageDataset {
    public let base: LabeledImages
    /// One value per channel of `base`.
    public let mean: [Float]
    public let std: [Float]

    public init(_ base: LabeledImages, mean: [Float], std: [Float]) {
        precondition(mean.count == base.channels && std.count == base.channels,
                     "NormalizedImages: \(mean.count) means and \(std.count) stds for \(base.channels) channels")
        self.base = base
        self.mean = mean
        self.std = std
    }

    public var count: Int { base.count }
    public var classNames: [String] { base.classNames }
    public func label(at index: Int) -> Int { base.label(at: index) }
    public func image(at index: Int) throws(DatasetError) -> PixelImage { base.image(at: index) }
    public var uniformTensorShape: [Int]? { base.uniformTensorShape }

    public func writeTensor(at index: Int, into scalars: inout [Float], offset: Int) {
        base.writeTensor(at: index, into: &scalars, offset: offset)
        let plane = base.width * base.height
        for channel in 0..<base.channels {
            let (m, s) = (mean[channel], std[channel])
            let start = offset + channel * plane
            for i in start ..< start + plane { scalars[i] = (scalars[i] - m) / s }
        }
    }
}
