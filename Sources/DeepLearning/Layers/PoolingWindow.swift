
/// Where a pooling layer looks: a square window with a stride and padding (PyTorch's rule: padding at most half
/// the kernel), or the whole image (global pooling, PyTorch's AdaptiveAvgPool2d(1)).
public struct PoolingWindow: Equatable, Sendable {
    /// The window's side, or nil for the whole image.
    public let kernelSize: Int?
    public let stride: Int
    public let padding: Int

    /// A kernelSize×kernelSize window; the stride defaults to the kernel size, as in PyTorch.
    public static func square(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> PoolingWindow {
        PoolingWindow(kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding)
    }

    /// The whole H×W image: output [N, C, 1, 1].
    public static let wholeImage = PoolingWindow(kernelSize: nil, stride: 1, padding: 0)

    /// The geometry on an input [N, C, H, W], or a `ShapeError` naming `layer`.
    func geometry(layer: String, for inputShape: [Int]) throws -> WindowGeometry {
        guard inputShape.count == 4 else {
            throw ShapeError(layer: layer, problem: "expected input N×C×H×W, got rank \(inputShape.count)",
                             inputShape: inputShape)
        }
        let kernelHeight = kernelSize ?? inputShape[2], kernelWidth = kernelSize ?? inputShape[3]
        let g = WindowGeometry(batch: inputShape[0], channels: inputShape[1], height: inputShape[2],
                               width: inputShape[3], kernelHeight: kernelHeight, kernelWidth: kernelWidth,
                               stride: stride, padding: padding)
        guard g.isValid && 2 * padding <= min(kernelHeight, kernelWidth) else {
            throw ShapeError(layer: layer, problem: "a \(inputShape[2])×\(inputShape[3]) image does not fit a "
                             + "\(kernelHeight)×\(kernelWidth) window with stride \(stride) and padding \(padding)",
                             inputShape: inputShape)
        }
        return g
    }

    /// [N, C, OH, OW] for an input [N, C, H, W].
    func outputShape(layer: String, for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(layer: layer, for: inputShape)
        return [g.batch, g.channels, g.outputHeight, g.outputWidth]
    }
}
