import DeepLearning

/// torchvision's `RandomCrop(size, padding)`: pad every side with `padding` zeros, then cut a `height × width`
/// window at a uniformly random position.
///
/// Draws: the top row first, `nextInt(below: paddedHeight − height + 1)`, then the left column,
/// `nextInt(below: paddedWidth − width + 1)` (torchvision's order: `i`, then `j`).
///
/// In a `DataLoader` the window must have the sample's size (a random shift within the padding, the usual
/// augmentation), so that every sample keeps the batch's shape; the tensor API also cuts smaller windows.
public struct RandomCrop: Augmentation {
    public let height: Int
    public let width: Int
    public let padding: Int

    public init(_ height: Int, _ width: Int, padding: Int = 0) {
        precondition(height > 0 && width > 0 && padding >= 0,
                     "RandomCrop: size \(height)×\(width) and padding \(padding) must be positive")
        self.height = height
        self.width = width
        self.padding = padding
    }

    public func checkFits(_ shape: ImageShape) throws(DatasetError) {
        guard shape.height == height && shape.width == width else {
            throw .unfitStage(reason: "RandomCrop(\(height), \(width), padding: \(padding)) in a DataLoader must keep "
                                  + "the samples' size, \(shape.height)×\(shape.width): crop to that size, or resize "
                                  + "the samples when decoding")
        }
    }

    public func augment(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape,
                        scratch: UnsafeMutableBufferPointer<Float>, random: inout RandomGenerator) {
        let corner = drawCorner(for: shape, random: &random)
        crop(sample.copied(into: scratch), shape: shape, top: corner.top, left: corner.left, into: sample)
    }

    /// The tensor API, which may cut a window smaller than the image.
    public func apply(_ image: Tensor<Float>, random: inout RandomGenerator) -> Tensor<Float> {
        let corner = drawCorner(for: ImageShape(of: image, for: "RandomCrop"), random: &random)
        return crop(image, top: corner.top, left: corner.left)
    }

    /// The `height × width` window whose top-left corner is at (`top`, `left`) of the unpadded image; positions
    /// outside the image read 0 (the padding).
    public func crop(_ image: Tensor<Float>, top: Int, left: Int) -> Tensor<Float> {
        let shape = ImageShape(of: image, for: "RandomCrop")
        let scalars = image.scalars.written(count: shape.channels * height * width) {
            crop($0, shape: shape, top: top, left: left, into: $1)
        }
        return Tensor(shape: [shape.channels, height, width], scalars: scalars)
    }

    /// The window's corner in the unpadded image, drawn top then left: each in −padding ... size + padding − crop.
    private func drawCorner(for shape: ImageShape, random: inout RandomGenerator) -> (top: Int, left: Int) {
        let paddedHeight = shape.height + 2 * padding, paddedWidth = shape.width + 2 * padding
        precondition(height <= paddedHeight && width <= paddedWidth,
                     "RandomCrop: crop \(height)×\(width) is larger than the padded image \(paddedHeight)×\(paddedWidth)")
        let top = random.nextInt(below: paddedHeight - height + 1)
        let left = random.nextInt(below: paddedWidth - width + 1)
        return (top - padding, left - padding)
    }

    /// Writes the window at (`top`, `left`) of `source` (an image of `shape`) into `destination`
    /// (`shape.channels × height × width` values, a different buffer), zeros where the window leaves the image.
    private func crop(_ source: UnsafeBufferPointer<Float>, shape: ImageShape, top: Int, left: Int,
                      into destination: UnsafeMutableBufferPointer<Float>) {
        // Columns x in first..<end read source column left + x; the others are padding.
        let first = min(max(0, -left), width), end = max(min(width, shape.width - left), first)
        for channel in 0..<shape.channels {
            for y in 0..<height {
                let row = (channel &* height &+ y) &* width
                let sourceY = top &+ y
                guard sourceY >= 0 && sourceY < shape.height else {
                    for x in 0..<width { destination[row &+ x] = 0 }
                    continue
                }
                let sourceRow = (channel &* shape.height &+ sourceY) &* shape.width &+ left
                for x in 0..<first { destination[row &+ x] = 0 }
                for x in first..<end { destination[row &+ x] = source[sourceRow &+ x] }
                for x in end..<width { destination[row &+ x] = 0 }
            }
        }
    }
}
