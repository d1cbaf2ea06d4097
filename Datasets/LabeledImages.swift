import DeepLearning

/// Equally sized 8-bit images with their labels, held in memory: what the IDX loader returns.
///
/// Pixels stay bytes (47 MB for Fashion-MNIST's training set, not 188 MB of floats); `tensor(_:)` converts the
/// images a caller asks for to `Float` in [0, 1], the way torchvision's `ToTensor` does.
public struct LabeledImages: ImageDataset, Equatable {
    public let width: Int
    public let height: Int
    /// 1 for gray images, 3 for RGB.
    public let channels: Int
    /// `count × height × width × channels` bytes; image `i` starts at `i × height × width × channels`, HWC.
    public let pixels: [UInt8]
    /// One label per image, each in `0..<classNames.count`.
    public let labels: [Int]
    public let classNames: [String]

    /// Images over `pixels`; `labels.count` is the number of images.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8], labels: [Int], classNames: [String]) {
        precondition(pixels.count == labels.count * width * height * channels,
                     "LabeledImages: \(pixels.count) bytes for \(labels.count) images of \(height)×\(width)×\(channels)")
        precondition(labels.allSatisfy { classNames.indices.contains($0) },
                     "LabeledImages: a label outside 0..<\(classNames.count)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
        self.labels = labels
        self.classNames = classNames
    }

    public var count: Int { labels.count }

    /// Bytes per image.
    public var imageSize: Int { width * height * channels }

    public func label(at index: Int) -> Int { labels[index] }

    public func image(at index: Int) -> PixelImage {
        PixelImage(width: width, height: height, channels: channels,
                   pixels: Array(pixels[index * imageSize ..< (index + 1) * imageSize]))
    }

    /// The bytes of image `index` without a copy, HWC.
    public func imageBytes(at index: Int) -> ArraySlice<UInt8> {
        pixels[index * imageSize ..< (index + 1) * imageSize]
    }

    /// The shape of every image as a tensor, `[channels, height, width]`.
    public var imageShape: ImageShape { ImageShape(channels: channels, height: height, width: width) }

    public func sampleShape(at _: Int) -> ImageShape { imageShape }

    /// ToTensor of image `index` straight from its bytes: no allocation.
    public func writeTensor(at index: Int, into slot: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        precondition(shape == imageShape, "LabeledImages: its images are \(imageShape), not \(shape)")
        ToTensor.write(imageBytes(at: index), channels: channels, into: slot)
    }

    /// The images in `range` as one `[n, channels, height, width]` tensor of values `byte / 255` in [0, 1].
    public func tensor(_ range: Range<Int>) -> Tensor<Float> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "LabeledImages: range \(range) of \(count)")
        var scalars = [Float](repeating: 0, count: range.count * imageSize)
        scalars.withUnsafeMutableBufferPointer { scalars in
            for (n, index) in range.enumerated() {
                let slot = UnsafeMutableBufferPointer(rebasing: scalars[n * imageSize ..< (n + 1) * imageSize])
                writeTensor(at: index, into: slot, shape: imageShape)
            }
        }
        return Tensor(shape: [range.count, channels, height, width], scalars: scalars)
    }

    /// All images as one `[count, channels, height, width]` tensor in [0, 1].
    public func tensor() -> Tensor<Float> { tensor(0..<count) }

    /// The samples at `indices`, in that order (e.g. the first 200 for a quick test, or one class).
    public func subset(_ indices: some Sequence<Int>) -> LabeledImages {
        var subsetPixels: [UInt8] = []
        var subsetLabels: [Int] = []
        for index in indices {
            subsetPixels.append(contentsOf: imageBytes(at: index))
            subsetLabels.append(labels[index])
        }
        return LabeledImages(width: width, height: height, channels: channels, pixels: subsetPixels,
                             labels: subsetLabels, classNames: classNames)
    }
}
