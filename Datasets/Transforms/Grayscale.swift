import DeepLearning

/// torchvision's `Grayscale(num_output_channels)`: to 1 or 3 channels. A gray image given 3 channels is
/// replicated (how Fashion-MNIST feeds the article's 3-channel CNN); an RGB image becomes gray by ITU-R 601-2
/// luma, L = 0.2989 R + 0.587 G + 0.114 B (torchvision's `rgb_to_grayscale` weights), replicated if 3 are asked.
///
/// It changes the number of channels: a `DecodingStep`.
public struct Grayscale: DecodingStep {
    public let outputChannels: Int

    public init(outputChannels: Int = 1) {
        precondition(outputChannels == 1 || outputChannels == 3,
                     "Grayscale: \(outputChannels) output channels, expected 1 or 3")
        self.outputChannels = outputChannels
    }

    public func outputShape(for shape: ImageShape) -> ImageShape {
        ImageShape(channels: outputChannels, height: shape.height, width: shape.width)
    }

    /// Writes `source` (an image of `shape`, 1 or 3 channels) as `outputChannels` channels into `destination`.
    public func apply(_ source: UnsafeBufferPointer<Float>, shape: ImageShape,
                      into destination: UnsafeMutableBufferPointer<Float>) {
        precondition(shape.channels == 1 || shape.channels == 3,
                     "Grayscale: an image of \(shape.channels) channels, expected 1 or 3")
        let plane = shape.plane
        for i in 0..<plane {
            let gray = shape.channels == 1 ? source[i]
                : 0.2989 * source[i] + 0.587 * source[plane &+ i] + 0.114 * source[2 &* plane &+ i]
            for channel in 0..<outputChannels { destination[channel &* plane &+ i] = gray }
        }
    }
}
