/// Where a sliding window (a convolution kernel or a pooling window) visits a batch of NCHW images.
///
/// Input is [batch, channels, height, width]; the window is kernelHeight×kernelWidth, moves by `stride` and
/// sees `padding` zero (or, for max pooling, −∞) rows and columns around each image, so the output plane is
/// outputHeight×outputWidth with outputHeight = ⌊(height + 2·padding − kernelHeight) / stride⌋ + 1, as in PyTorch.
public struct WindowGeometry: Equatable, Sendable {
    public var batch: Int
    public var channels: Int
    public var height: Int
    public var width: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var stride: Int
    public var padding: Int

    public init(batch: Int, channels: Int, height: Int, width: Int,
                kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) {
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
    }

    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Pixels of one input plane (height·width).
    public var inputPlane: Int { height * width }
    /// Pixels of one output plane (outputHeight·outputWidth).
    public var outputPlane: Int { outputHeight * outputWidth }
    /// Elements of the whole input, batch·channels·height·width.
    public var inputCount: Int { batch * channels * inputPlane }
    /// Rows of the im2col matrix: channels·kernelHeight·kernelWidth.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the batched im2col matrix: batch·outputHeight·outputWidth.
    public var patchCount: Int { batch * outputPlane }

    /// True when the window fits: positive sizes, a stride of at least 1, padding at most half the kernel
    /// (PyTorch's rule for pooling) and at least one output position.
    public var isValid: Bool {
        batch >= 0 && channels > 0 && height > 0 && width > 0 && kernelHeight > 0 && kernelWidth > 0
            && stride > 0 && padding >= 0 && height + 2 * padding >= kernelHeight
            && width + 2 * padding >= kernelWidth
    }

    /// The output columns `ow` whose tap `kw` lands inside the image (0 ≤ ow·stride − padding + kw < width).
    @inline(__always)
    func validOutputColumns(tap kw: Int) -> Range<Int> {
        let shift = padding - kw  // iw = ow·stride − shift
        let first = shift > 0 ? (shift + stride - 1) / stride : 0
        let end = width - 1 + shift >= 0 ? min(outputWidth, (width - 1 + shift) / stride + 1) : 0
        return first..<max(first, end)
    }
}
