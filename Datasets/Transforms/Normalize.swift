import DeepLearning

/// torchvision's `Normalize` on one tensor image: each channel c becomes `(x − mean[c]) / std[c]`, one Float
/// subtraction and one Float division per value, as `tensor.sub_(mean).div_(std)` computes it. A single mean and std
/// apply to every channel.
///
/// For previews and single tensors; a `DataLoader` normalises with its `normalization:` stage, the same
/// `InputNormalization` code, so that no batch can miss it.
public struct Normalize: ImageTransform {
    public let normalization: InputNormalization

    /// The statistics of ImageNet's training set that the article uses (`InputNormalization.imageNet`).
    public static let imageNet = Normalize(.imageNet)

    public init(mean: [Float], std: [Float]) {
        precondition(!mean.isEmpty && mean.count == std.count,
                     "Normalize: \(mean.count) means for \(std.count) standard deviations")
        // Float → Double → Float is exact: the arithmetic sees these very Floats.
        self.init(InputNormalization(mean: mean.map(Double.init), std: std.map(Double.init)))
    }

    public init(_ normalization: InputNormalization) {
        precondition(normalization.floatStd.allSatisfy { $0 != 0 },
                     "Normalize: a standard deviation of 0 in \(normalization.std)")
        self.normalization = normalization
    }

    public var mean: [Float] { normalization.floatMean }
    public var std: [Float] { normalization.floatStd }

    public func apply(_ image: Tensor<Float>, random _: inout RandomGenerator) -> Tensor<Float> {
        let shape = ImageShape(of: image, for: "Normalize")
        var output = image
        output.scalars.withUnsafeMutableBufferPointer { normalization.normalize($0, shape: shape) }
        return output
    }
}
