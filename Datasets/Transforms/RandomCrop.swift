import DeepLearning

/// torchvision's `RandomCrop(size, padding)`: pad every side with `padding` zeros, then cut a `height × width`
/// window at a uniformly random position.
///
/// Draws: the top row first, `nextInt(below: paddedHeight − height + 1)`, then the left column,
/// `nextInt(below: paddedWidth − width + 1)` (torchvision's order: `i`, then `j`).
public struct RandomCrop: ImageTransform {
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

    public func apply(_ image: Tensor<Float>, random: inout RandomGenerator) -> Tensor<Float> {
        let (_, inHeight, inWidth) = image.imageDimensions(for: "RandomCrop")
        let paddedHeight = inHeight + 2 * padding, paddedWidth = inWidth + 2 * padding
        precondition(height <= paddedHeight && width <= paddedWidth,
                     "RandomCrop: crop \(height)×\(width) is larger than the padded image \(paddedHeight)×\(paddedWidth)")
        let top = random.nextInt(below: paddedHeight - height + 1)
        let left = random.nextInt(below: paddedWidth - width + 1)
        return crop(image, top: top - padding, left: left - padding)
    }

    /// The `height × width` window whose top-left corner is at (`top`, `left`) of the unpadded image; positions
    /// outside the image read 0 (the padding).
    public func crop(_ image: Tensor<Float>, top: Int, left: Int) -> Tensor<Float> {
        let (channels, inHeight, inWidth) = image.imageDimensions(for: "RandomCrop")
        var output = [Float](repeating: 0, count: channels * height * width)
        for channel in 0..<channels {
            for y in 0..<height where (0..<inHeight).contains(top + y) {
                for x in 0..<width where (0..<inWidth).contains(left + x) {
                    output[(channel * height + y) * width + x] =
                        image.scalars[(channel * inHeight + top + y) * inWidth + left + x]
                }
            }
        }
        return Tensor(shape: [channels, height, width], scalars: output)
    }
}
