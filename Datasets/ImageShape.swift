import DeepLearning

/// The `[channels, height, width]` shape of one image as a tensor (CHW), the unit every stage of a `DataLoader`
/// works on. A value type of three integers rather than `[Int]`, so that the batch pipeline can pass it around
/// per sample without allocating.
public struct ImageShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let channels: Int
    public let height: Int
    public let width: Int

    public init(channels: Int, height: Int, width: Int) {
        precondition(channels > 0 && height >= 0 && width >= 0,
                     "ImageShape: \(channels)×\(height)×\(width) is not an image shape")
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// The shape of an 8-bit image once `ToTensor` has made it CHW.
    public init(of image: PixelImage) {
        self.init(channels: image.channels, height: image.height, width: image.width)
    }

    /// The shape of a `[C, H, W]` tensor; `transform` names the caller in the message for any other rank.
    init(of image: Tensor<Float>, for transform: String) {
        precondition(image.rank == 3,
                     "\(transform): expected a [C, H, W] image, got shape \(image.shape.shapeDescription)")
        self.init(channels: image.shape[0], height: image.shape[1], width: image.shape[2])
    }

    /// Values in one channel: height × width.
    public var plane: Int { height * width }
    /// Values in the image: channels × height × width.
    public var count: Int { channels * plane }
    /// As a tensor shape, `[channels, height, width]`.
    public var dimensions: [Int] { [channels, height, width] }
    /// "1×28×28", as `shapeDescription` writes tensor shapes.
    public var description: String { dimensions.shapeDescription }
}
