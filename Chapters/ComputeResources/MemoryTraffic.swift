import DeepLearning

/// The bytes a layer's training step moves outside its GEMMs (im2col and col2im, bias, batch norm, ReLU, pooling,
/// the residual join): what the prediction prices at the measured memory bandwidth. A model of the kernels'
/// passes over memory, counted in float32 values (4 bytes) read plus written, from the shapes alone; n is the
/// number of values of the layer's input [N, …], o of its output, each pass counted once (what a cache keeps
/// between two passes is not subtracted: an upper bound on the traffic where a tensor fits in the caches).
///
/// - Conv2d, columns c = C·K²·OH·OW per image × N (0 for a 1×1 stride-1 convolution, which reads its input as
///   its columns; groups of G images are one matrix, see `convolutionForward`). Forward: im2col reads the input
///   and writes the columns (n + c), then the product is copied out with the bias added (read o, write o): n + c
///   + 2o. Backward: dY is gathered into group matrices (2o, and the bias sum reads it again, counted inside the
///   same pass), the columns are made again for dW (n + c), and when the input gradient runs, a second column
///   matrix is written by the GEMM and folded back (col2im: read it, write n), or for the transposed
///   convolution im2col(dY) of OC·K²·H·W per image is written and read: 2o + n + c (+ c′ + n).
/// - Linear: the bias added to the product (read o, write o) forward; the bias gradient reads dY (o) backward.
/// - ReLU: read x, write y (2n) forward; read y and dY, write dX (3n) backward.
/// - MaxPool2d: read x, write y and the Int32 argmax (n + 2o) forward; write dX (zeroed, then scattered into),
///   read dY and the argmax (n + 2o) backward. AvgPool2d: n + o either way.
/// - BatchNorm2d (training): the mean pass reads x, the variance pass reads x, the normalising pass reads x and
///   writes x̂ and y (5n); backward, the sums pass reads dY and x̂, the dX pass reads both and writes dX (5n).
/// - Flatten: a view, nothing moves.
/// - A residual block's own work (BasicBlock, Residual): the join reads both branches and writes the sum (3o);
///   backward, BasicBlock's ReLU mask reads y and dY and writes dS (3o), and the two branches' input gradients
///   are added (read 2n, write n).
/// - Any other layer: read its input and write its output (n + o) forward, read dY and its input and write dX
///   (o + 2n) backward: an element-wise layer's passes.
public struct MemoryTraffic: Equatable, Sendable {
    public var forwardBytes: Int
    public var backwardBytes: Int
    public var bytes: Int { forwardBytes + backwardBytes }

    public init(forwardBytes: Int, backwardBytes: Int) {
        self.forwardBytes = forwardBytes
        self.backwardBytes = backwardBytes
    }

    static func floats(_ forward: Int, _ backward: Int) -> MemoryTraffic {
        MemoryTraffic(forwardBytes: 4 * forward, backwardBytes: 4 * backward)
    }

    static func + (a: MemoryTraffic, b: MemoryTraffic) -> MemoryTraffic {
        MemoryTraffic(forwardBytes: a.forwardBytes + b.forwardBytes, backwardBytes: a.backwardBytes + b.backwardBytes)
    }

    /// The traffic of `layer` (with its children) on an input of `inputShape`.
    public static func of(_ layer: any Layer<Float>, inputShape: [Int]) throws -> MemoryTraffic {
        let outputShape = try layer.outputShape(for: inputShape)
        let n = inputShape.reduce(1, *), o = outputShape.reduce(1, *)
        switch layer {
        case let conv as Conv2d<Float>:
            let g = WindowGeometry(batch: inputShape[0], channels: inputShape[1], height: inputShape[2],
                                   width: inputShape[3], kernelHeight: conv.kernelSize, kernelWidth: conv.kernelSize,
                                   stride: conv.stride, padding: conv.padding)
            let pointwise = conv.kernelSize == 1 && conv.stride == 1 && conv.padding == 0
            let columns = pointwise ? 0 : g.batch * g.patchSize * g.outputPlane
            var backward = 2 * o + n + columns
            if conv.needsInputGradient {
                let gradientColumns = g.usesTransposedInputGradient(outputChannels: conv.outputChannels)
                    ? g.batch * conv.outputChannels * conv.kernelSize * conv.kernelSize * g.inputPlane : columns
                backward += gradientColumns + n
            }
            return floats(n + columns + 2 * o, backward)
        case is Linear<Float>: return floats(2 * o, o)
        case is ReLU<Float>: return floats(2 * n, 3 * n)
        case is MaxPool2d<Float>: return floats(n + 2 * o, n + 2 * o)
        case is AvgPool2d<Float>: return floats(n + o, n + o)
        case is BatchNorm2d<Float>: return floats(5 * n, 5 * n)
        case is Flatten<Float>: return floats(0, 0)
        default:
            guard !layer.children.isEmpty else { return floats(n + o, o + 2 * n) }
            var total = floats(0, 0)
            for (child, shape) in zip(layer.children, try layer.childInputShapes(for: inputShape)) {
                total = total + (try of(child, inputShape: shape))
            }
            switch layer {
            case is BasicBlock<Float>: return total + floats(3 * o, 3 * o + 3 * n)
            case is Residual<Float>: return total + floats(3 * o, 3 * n)
            default: return total  // a Sequential inside a block: its layers' passes only
            }
        }
    }

    /// The optimizer's passes over the parameter store per step, for P parameters: `zeroGradients()` writes the
    /// gradients (P), the divergence check reads them for their norm (P), Adam reads the weights, gradients, m
    /// and v and writes the weights, m and v (7P): 9P floats, 36 bytes per parameter.
    public static func optimizer(parameters: Int) -> MemoryTraffic { floats(0, 9 * parameters) }

    /// The loss on [N, classes] logits: softmax and cross-entropy read the logits and write their gradient (2o).
    public static func loss(logits: Int) -> MemoryTraffic { floats(0, 2 * logits) }
}
