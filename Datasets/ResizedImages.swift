import DeepLearning

/// A data set whose images are decoded through torchvision's shape-changing steps: each image of `base` through
/// `ToTensor`, converted by `grayscale` (if any), then resized by `resize`. Those steps belong to decoding, not to
/// augmentation: they give every sample the one shape a batch needs, known before the first batch.
///
///     // The article's ImageFolder(root, transform=Compose([Resize((224, 224)), ToTensor(), ...])):
///     let train = ResizedImages(try ImageFolder(root: "path/to/train"), resize: Resize(224, 224))
///     // Gray Fashion-MNIST for a 3-channel model, as torchvision's loader converts it to RGB:
///     let rgb = ResizedImages(try FashionMNIST.load(.test), grayscale: Grayscale(outputChannels: 3),
///                             resize: Resize(224, 224))
///
/// A loader's batches hold the Float values of the resize; `image(at:)` rounds them back to bytes, as PIL hands a
/// resized image to `ToTensor` (they differ by at most 0.5/255). Decoding a sample allocates (the image, the
/// resize's taps and intermediate rows).
public struct ResizedImages<Base: ImageDataset>: ImageDataset {
    public let base: Base
    public let grayscale: Grayscale?
    public let resize: Resize

    public init(_ base: Base, grayscale: Grayscale? = nil, resize: Resize) {
        self.base = base
        self.grayscale = grayscale
        self.resize = resize
    }

    public var count: Int { base.count }
    public var classNames: [String] { base.classNames }
    public func label(at index: Int) -> Int { base.label(at: index) }

    public func sampleShape(at index: Int) throws(DatasetError) -> ImageShape {
        let decoded = try base.sampleShape(at: index)
        return resize.outputShape(for: grayscale?.outputShape(for: decoded) ?? decoded)
    }

    public func writeTensor(at index: Int, into slot: UnsafeMutableBufferPointer<Float>, shape: ImageShape)
        throws(DatasetError) {
        let (converted, convertedShape) = try convertedTensor(at: index)
        let resized = resize.outputShape(for: convertedShape)
        guard resized == shape else { throw .wrongSampleShape(index: index, shape: resized, expected: shape) }
        converted.withUnsafeBufferPointer { resize.apply($0, shape: convertedShape, into: slot) }
    }

    /// The resized image rounded back to bytes (HWC), as PIL's `Resize` returns it.
    public func image(at index: Int) throws(DatasetError) -> PixelImage {
        let (converted, convertedShape) = try convertedTensor(at: index)
        let shape = resize.outputShape(for: convertedShape)
        let resized = converted.written(count: shape.count) { resize.apply($0, shape: convertedShape, into: $1) }
        var pixels = [UInt8](repeating: 0, count: shape.count)
        for pixel in 0..<shape.plane {
            for channel in 0..<shape.channels {
                let value = (resized[channel * shape.plane + pixel] * 255).rounded()
                pixels[pixel * shape.channels + channel] = UInt8(min(max(value, 0), 255))
            }
        }
        return PixelImage(width: shape.width, height: shape.height, channels: shape.channels, pixels: pixels)
    }

    /// Image `index` of `base` through `ToTensor` and `grayscale`: what the resize reads.
    private func convertedTensor(at index: Int) throws(DatasetError) -> (values: [Float], shape: ImageShape) {
        let image = try base.image(at: index)
        let decoded = ToTensor()(image).scalars, decodedShape = ImageShape(of: image)
        guard let grayscale else { return (decoded, decodedShape) }
        let shape = grayscale.outputShape(for: decodedShape)
        return (decoded.written(count: shape.count) { grayscale.apply($0, shape: decodedShape, into: $1) }, shape)
    }
}
