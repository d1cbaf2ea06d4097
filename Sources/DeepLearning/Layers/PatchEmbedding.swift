/// A ViT's patch embedding (Dosovitskiy et al. 2021; timm's PatchEmbed): a convolution with kernel = stride =
/// patch size maps each non-overlapping patch to a token of `dimension` channels, then the grid becomes a
/// sequence. input [B, C, H, W] → conv `proj` → [B, D, H/p, W/p] → output [B, T, D] with T = (H/p)·(W/p)
/// (PyTorch's `proj(x).flatten(2).transpose(1, 2)`). A 28×28 image gives 16 tokens at patch 7, 49 at patch 4.
public final class PatchEmbedding<Scalar: KernelScalar>: Layer {
    public let name: String
    public let patchSize: Int
    public let dimension: Int
    /// The strided convolution, `proj` (its parameters `proj.weight` [D, C, p, p], `proj.bias` [D]).
    public let projection: Conv2d<Scalar>
    public var isTraining = true
    public var needsInputGradient = true {
        didSet { projection.needsInputGradient = needsInputGradient }
    }

    private var shapes = ShapeMemo()
    /// The convolution's last output shape [B, D, H/p, W/p], for its backward pass.
    private var gridShape: [Int] = []
    private var output: [Scalar] = []
    private var gridGradient: [Scalar] = []

    public init(name: String, inputChannels: Int, dimension: Int, patchSize: Int, generator: inout RandomGenerator) {
        self.name = name
        self.patchSize = patchSize
        self.dimension = dimension
        projection = Conv2d(name: "proj", inputChannels: inputChannels, outputChannels: dimension,
                            kernelSize: patchSize, stride: patchSize, generator: &generator)
    }

    public var children: [any Layer<Scalar>] { [projection] }
    public func childInputShapes(for inputShape: [Int]) throws -> [[Int]] { [inputShape] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let grid = try projection.outputShape(for: inputShape)
        guard inputShape[2] % patchSize == 0 && inputShape[3] % patchSize == 0 else {
            throw ShapeError(layer: name, problem: "a \(inputShape[2])×\(inputShape[3]) image does not split into "
                             + "\(patchSize)×\(patchSize) patches", inputShape: inputShape)
        }
        return [grid[0], grid[2] * grid[3], dimension]
    }

    /// input [B, C, H, W] → tokens [B, T, D].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try shapes.outputShape(for: input.shape, of: self)
        let grid = try projection.forward(input)
        gridShape = grid.shape
        transposeMatrices(grid.scalars, batch: shape[0], rows: dimension, columns: shape[1], output: &output)
        return Tensor(shape: shape, scalars: output)
    }

    /// outputGradient [B, T, D] → the convolution's gradient [B, D, T] → inputGradient [B, C, H, W].
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        let shape = shapes.output
        transposeMatrices(outputGradient.scalars, batch: shape[0], rows: shape[1], columns: dimension,
                          output: &gridGradient)
        return try projection.backward(Tensor(shape: gridShape, scalars: gridGradient))
    }
}
