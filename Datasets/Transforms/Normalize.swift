import DeepLearning

/// torchvision's `Normalize`: each channel c becomes `(x − mean[c]) / std[c]`, one Float subtraction and one Float
/// division per value, as `tensor.sub_(mean).div_(std)` computes it. A single mean and std apply to every channel.
public struct Normalize: ImageTransform {
    public let mean: [Float]
    public let std: [Float]

    /// The per-channel statistics of ImageNet's training set that the article (and torchvision's pretrained
    /// models) use: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).
    public static let imageNet = Normalize(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

    public init(mean: [Float], std: [Float]) {
        precondition(!mean.isEmpty && mean.count == std.count,
                     "Normalize: \(mean.count) means for \(std.count) standard deviations")
        precondition(std.allSatisfy { $0 != 0 }, "Normalize: a standard deviation of 0 in \(std)")
        self.mean = mean
        self.std = std
    }

    public func apply(_ image: Tensor<Float>, random _: inout RandomGenerator) -> Tensor<Float> {
        let (channels, height, width) = image.imageDimensions(for: "Normalize")
        precondition(mean.count == 1 || mean.count == channels,
                     "Normalize: \(mean.count) means for an image of \(channels) channels")
        var output = image
        let plane = height * width
        for channel in 0..<channels {
            let m = mean.count == 1 ? mean[0] : mean[channel]
            let s = std.count == 1 ? std[0] : std[channel]
            for i in channel * plane ..< (channel + 1) * plane {
                output.scalars[i] = (output.scalars[i] - m) / s
            }
        }
        return output
    }
}
