import DeepLearning

/// A deterministic step that changes an image's shape: `Resize`, `Grayscale`. In a batch pipeline it is part of
/// decoding (`ResizedImages`), so that every sample has the batch's one shape before augmentation and
/// normalisation work on it in place.
///
/// Its arithmetic is written once, from a source buffer into a destination buffer; the tensor API allocates the
/// output and runs that code.
public protocol DecodingStep: ImageTransform {
    /// The shape of an image of `shape` after this step.
    func outputShape(for shape: ImageShape) -> ImageShape

    /// Writes `source` (an image of `shape`) through this step into `destination` (`outputShape(for: shape).count`
    /// values, another buffer).
    func apply(_ source: UnsafeBufferPointer<Float>, shape: ImageShape,
               into destination: UnsafeMutableBufferPointer<Float>)
}

extension DecodingStep {
    /// The tensor API: the buffer code into a new tensor.
    public func apply(_ image: Tensor<Float>, random _: inout RandomGenerator) -> Tensor<Float> {
        let shape = ImageShape(of: image, for: "\(Self.self)")
        let output = outputShape(for: shape)
        let scalars = image.scalars.written(count: output.count) { apply($0, shape: shape, into: $1) }
        return Tensor(shape: output.dimensions, scalars: scalars)
    }
}
