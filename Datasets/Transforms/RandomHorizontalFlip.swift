import DeepLearning

/// torchvision's `RandomHorizontalFlip(p)`: mirror the image left to right with probability `p`.
///
/// Draws one `nextUnitFloat()` u and flips when u < p (torchvision: `torch.rand(1) < p`), so p = 0 never flips
/// and p = 1 always does.
public struct RandomHorizontalFlip: Augmentation {
    public let probability: Float

    public init(probability: Float = 0.5) {
        precondition((0...1).contains(probability), "RandomHorizontalFlip: probability \(probability) not in [0, 1]")
        self.probability = probability
    }

    public func augment(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape,
                        scratch _: UnsafeMutableBufferPointer<Float>, random: inout RandomGenerator) {
        if random.nextUnitFloat() < probability { Self.mirror(sample, shape: shape) }
    }

    /// The image mirrored left to right: column x becomes column width − 1 − x.
    public static func flip(_ image: Tensor<Float>) -> Tensor<Float> {
        let shape = ImageShape(of: image, for: "RandomHorizontalFlip")
        var output = image
        output.scalars.withUnsafeMutableBufferPointer { mirror($0, shape: shape) }
        return output
    }

    /// Swaps columns x and width − 1 − x of every row, in place.
    private static func mirror(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        let width = shape.width
        for row in stride(from: 0, to: shape.count, by: max(width, 1)) {
            for x in 0 ..< width / 2 { sample.swapAt(row &+ x, row &+ width &- 1 &- x) }
        }
    }
}
