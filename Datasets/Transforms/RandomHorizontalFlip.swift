import DeepLearning

/// torchvision's `RandomHorizontalFlip(p)`: mirror the image left to right with probability `p`.
///
/// Draws one `nextUnitFloat()` u and flips when u < p (torchvision: `torch.rand(1) < p`), so p = 0 never flips
/// and p = 1 always does.
public struct RandomHorizontalFlip: ImageTransform {
    public let probability: Float

    public init(probability: Float = 0.5) {
        precondition((0...1).contains(probability), "RandomHorizontalFlip: probability \(probability) not in [0, 1]")
        self.probability = probability
    }

    public func apply(_ image: Tensor<Float>, random: inout RandomGenerator) -> Tensor<Float> {
        random.nextUnitFloat() < probability ? RandomHorizontalFlip.flip(image) : image
    }

    /// The image mirrored left to right: column x becomes column width − 1 − x.
    public static func flip(_ image: Tensor<Float>) -> Tensor<Float> {
        let (_, _, width) = image.imageDimensions(for: "RandomHorizontalFlip")
        var output = image
        for row in stride(from: 0, to: image.count, by: width) {
            for x in 0..<width {
                output.scalars[row + x] = image.scalars[row + width - 1 - x]
            }
        }
        return output
    }
}
