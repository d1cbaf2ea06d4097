import DeepLearning

/// One step of an image pipeline, on one image as a `[channels, height, width]` tensor (what torchvision calls a
/// tensor image). Random transforms draw from `random`; deterministic ones ignore it.
///
/// This is the tensor API: previews, single images, the torchvision fixture tests. A `DataLoader` runs the same
/// code on its batch instead, stage by stage: the `DecodingStep`s (Resize, Grayscale) while decoding
/// (`ResizedImages`), the `Augmentation`s next, in place, and `InputNormalization` last.
///
/// The generator is passed in rather than owned, so the caller decides where randomness comes from: the
/// `DataLoader` gives every sample its own generator derived from (seed, epoch, position in the epoch), which
/// makes augmentation independent of which thread runs it and when.
public protocol ImageTransform: Sendable {
    func apply(_ image: Tensor<Float>, random: inout RandomGenerator) -> Tensor<Float>
}

/// Transforms applied one after another to a tensor image, like `torchvision.transforms.Compose`.
///
/// Images reach a pipeline already as tensors: `ToTensor` (bytes / 255, HWC → CHW) always runs first, where
/// torchvision lists it explicitly. The article's `Compose([Resize((224, 224)), ToTensor(), Normalize(m, s)])`
/// is written `Compose([Resize(224, 224), Normalize(mean: m, std: s)])`. Resizing after the division by 255
/// rather than before gives the same values up to Float rounding (bilinear resizing is linear), except that PIL
/// rounds a resized image back to bytes, which this pipeline does not (a difference of at most 0.5/255).
///
/// Random transforms draw in the order they are listed: RandomCrop two integers (top, then left),
/// RandomHorizontalFlip one Float, RandomRotation one Float.
public struct Compose: ImageTransform {
    public let transforms: [any ImageTransform]

    public init(_ transforms: [any ImageTransform] = []) {
        self.transforms = transforms
    }

    public func apply(_ image: Tensor<Float>, random: inout RandomGenerator) -> Tensor<Float> {
        transforms.reduce(image) { image, transform in transform.apply(image, random: &random) }
    }

    /// Applies the pipeline without a generator of the caller's: meant for deterministic pipelines (Resize,
    /// Normalize, ...); random transforms in it would draw from a generator seeded 0, the same every call.
    public func callAsFunction(_ image: Tensor<Float>) -> Tensor<Float> {
        var fixed = RandomGenerator(seed: 0)
        return apply(image, random: &fixed)
    }
}

extension Array<Float> {
    /// A new array of `count` values that `write` fills from these: how a tensor API allocates its output and then
    /// runs a step's buffer code, `write(source, destination)`, the same code a loader runs in place.
    func written(count: Int,
                 by write: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
        var output = [Float](repeating: 0, count: count)
        withUnsafeBufferPointer { source in output.withUnsafeMutableBufferPointer { write(source, $0) } }
        return output
    }
}
