import DeepLearning

/// torchvision's `Grayscale(num_output_channels)`: to 1 or 3 channels. A gray image given 3 channels is
/// replicated (how Fashion-MNIST feeds the article's 3-channel CNN); an RGB image becomes gray by ITU-R 601-2
/// luma, L = 0.2989 R + 0.587 G + 0.114 B (torchvision's `rgb_to_grayscale` weights), replicated if 3 are asked.
public struct Grayscale: ImageTransform {
    public let outputChannels: Int

    public init(outputChannels: Int = 1) {
        precondition(outputChannels == 1 || outputChannels == 3,
                     "Grayscale: \(outputChannels) output channels, expected 1 or 3")
        self.outputChannels = outputChannels
    }

    public func apply(_ image: Tensor<Float>, random _: inout RandomGenerator) -> Tensor<Float> {
        let (channels, height, width) = image.imageDimensions(for: "Grayscale")
        precondition(channels == 1 || channels == 3, "Grayscale: an image of \(channels) channels, expected 1 or 3")
        let plane = height * width
        var gray: ArraySlice<Float> = image.scalars[0..<plane]
        if channels == 3 {
            let s = image.scalars
            gray = ArraySlice((0..<plane).map { 0.2989 * s[$0] + 0.587 * s[plane + $0] + 0.114 * s[2 * plane + $0] })
        }
        let scalars = Array([ArraySlice<Float>](repeating: gray, count: outputChannels).joined())
        return Tensor(shape: [outputChannels, height, width], scalars: scalars)
    }
}
