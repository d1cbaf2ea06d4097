import DeepLearning

/// A random step that keeps the image's shape: what a `DataLoader` applies to every sample between decoding and
/// normalisation (its `augmentation:` list), in place on the sample's slice of the batch. RandomCrop (with padding,
/// at the sample's size), RandomHorizontalFlip and RandomRotation are augmentations; so can RandomErasing be.
///
/// An augmentation draws only from the generator it is handed, which the loader derives from (seed, epoch, position
/// in the epoch), so the result does not depend on which producer thread runs it, or when.
///
/// Every augmentation is an `ImageTransform` too: its tensor API (previews, the torchvision fixture tests) runs the
/// same in-place code on a copy, so there is one implementation of each step's arithmetic and order of draws.
public protocol Augmentation: ImageTransform {
    /// Throws `DatasetError.unfitStage` if this step cannot augment samples of `shape` in place (a crop of another
    /// size). The loader checks every step once per epoch, before the first batch.
    func checkFits(_ shape: ImageShape) throws(DatasetError)

    /// Augments `sample` (CHW, `shape.count` values) in place, drawing from `random`. `scratch` holds at least
    /// `shape.count` values the step may overwrite: a buffer each producer thread allocates once.
    func augment(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape,
                 scratch: UnsafeMutableBufferPointer<Float>, random: inout RandomGenerator)
}

extension Augmentation {
    public func checkFits(_: ImageShape) throws(DatasetError) {}

    /// The tensor API: `augment` on a copy of `image`, with a scratch buffer of its own.
    public func apply(_ image: Tensor<Float>, random: inout RandomGenerator) -> Tensor<Float> {
        let shape = ImageShape(of: image, for: "\(Self.self)")
        do { try checkFits(shape) } catch { preconditionFailure(error.description) }
        var output = image
        var scratch = [Float](repeating: 0, count: image.count)
        output.scalars.withUnsafeMutableBufferPointer { sample in
            scratch.withUnsafeMutableBufferPointer { augment(sample, shape: shape, scratch: $0, random: &random) }
        }
        return output
    }
}

extension UnsafeMutableBufferPointer<Float> {
    /// Copies these values to the front of `scratch` and returns that copy: the source of a step that reads the
    /// original image while it overwrites it (a crop, a rotation).
    func copied(into scratch: UnsafeMutableBufferPointer<Float>) -> UnsafeBufferPointer<Float> {
        precondition(scratch.count >= count, "scratch of \(scratch.count) values for an image of \(count)")
        let copy = UnsafeMutableBufferPointer(rebasing: scratch[..<count])
        _ = copy.update(fromContentsOf: self)
        return UnsafeBufferPointer(copy)
    }
}
