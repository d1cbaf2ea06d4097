/// A Vision Transformer (Dosovitskiy et al. 2021) for small images, named as timm's VisionTransformer and a
/// hand-written PyTorch ViT of the same structure (Sources/bench/pytorch_models.py's `SmallViT`):
///
///     patch_embed (PatchEmbedding: conv `proj` p×p stride p)    [B, T, D]      T = (H/p)·(W/p)
///     cls_token [1, 1, D] prepended, pos_embed [1, T + 1, D] added        [B, T + 1, D]
///     blocks: `depth` pre-norm Transformer blocks 0, 1, …                 [B, T + 1, D]
///     norm (LayerNorm)                                                    [B, T + 1, D]
///     the class token's row                                               [B, D]
///     head (Linear D → classes)                                           [B, classes]
///
/// `cls_token` and `pos_embed` are the model's own parameters, so they come first in `namedParameters()`, as in
/// PyTorch's `named_parameters()` (a module's own parameters before its children's).
/// Initialisation: cls_token zeros, pos_embed normal with sd 0.02 (both as timm), LayerNorm γ = 1, β = 0, every
/// convolution and Linear PyTorch's default (see `Initialization`), drawn in the order patch_embed, pos_embed,
/// blocks, head.
public final class VisionTransformer<Scalar: KernelScalar>: Layer {
    public let name: String
    public let dimension: Int
    public let tokens: Int
    /// `cls_token`, [1, 1, D].
    public let classToken: Parameter<Scalar>
    /// `pos_embed`, [1, T + 1, D].
    public let positionEmbedding: Parameter<Scalar>
    public let patchEmbedding: PatchEmbedding<Scalar>
    /// `blocks`: the Transformer blocks in order.
    public let blocks: Sequential<Scalar>
    public let norm: LayerNorm<Scalar>
    public let head: Linear<Scalar>
    public var isTraining = true {
        didSet { for child in children { child.isTraining = isTraining } }
    }
    /// A model's input is data: false by default, as `Sequential` (true for saliency maps).
    public var needsInputGradient = false {
        didSet { patchEmbedding.needsInputGradient = needsInputGradient }
    }

    private var shapes = ShapeMemo()
    // The shapes of the last batch, kept so that a steady step builds no shape arrays: [B, T + 1, D], [B, D],
    // [B, T, D].
    private var sequenceShape: [Int] = []
    private var classTokenShape: [Int] = []
    private var patchShape: [Int] = []
    private var sequence: [Scalar] = []
    private var classTokens: [Scalar] = []
    private var normGradient: [Scalar] = []
    private var patchGradient: [Scalar] = []

    /// A ViT for `imageSize`×`imageSize` images of `inputChannels` channels split into `patchSize` patches.
    public init(name: String = "", imageSize: Int = 28, inputChannels: Int = 1, patchSize: Int, dimension: Int,
                depth: Int, heads: Int, mlpRatio: Int = 4, classes: Int = 10, generator: inout RandomGenerator) {
        precondition(imageSize % patchSize == 0, "VisionTransformer: \(imageSize) is not a multiple of patch \(patchSize)")
        precondition(dimension % heads == 0, "VisionTransformer: dimension \(dimension) does not split into \(heads) heads")
        self.name = name
        self.dimension = dimension
        tokens = (imageSize / patchSize) * (imageSize / patchSize)
        patchEmbedding = PatchEmbedding(name: "patch_embed", inputChannels: inputChannels, dimension: dimension,
                                        patchSize: patchSize, generator: &generator)
        classToken = Parameter(name: "cls_token", value: Tensor(shape: [1, 1, dimension], repeating: 0))
        positionEmbedding = Parameter(name: "pos_embed", value: Tensor(
            shape: [1, tokens + 1, dimension],
            scalars: Initialization.normal(count: (tokens + 1) * dimension, standardDeviation: 0.02,
                                           generator: &generator)))
        blocks = Sequential(name: "blocks", layers: (0..<depth).map { index in
            Sequential.transformerBlock(name: String(index), dimension: dimension, heads: heads, mlpRatio: mlpRatio,
                                        generator: &generator)
        })
        blocks.needsInputGradient = true
        norm = LayerNorm(name: "norm", channels: dimension)
        head = Linear(name: "head", inputFeatures: dimension, outputFeatures: classes, generator: &generator)
        patchEmbedding.needsInputGradient = needsInputGradient
    }

    public var ownParameters: [Parameter<Scalar>] { [classToken, positionEmbedding] }
    public var children: [any Layer<Scalar>] { [patchEmbedding, blocks, norm, head] }

    public func childInputShapes(for inputShape: [Int]) throws -> [[Int]] {
        let sequence = try sequenceShape(for: inputShape)
        return [inputShape, sequence, sequence, [sequence[0], dimension]]
    }

    /// [B, T + 1, D] for an image batch, or the patch embedding's `ShapeError`.
    private func sequenceShape(for inputShape: [Int]) throws -> [Int] {
        let patches = try patchEmbedding.outputShape(for: inputShape)
        guard patches[1] == tokens else {
            throw ShapeError(layer: "patch_embed", problem: "expected \(tokens) patches (the position embedding's), got "
                             + "\(patches[1])", inputShape: inputShape)
        }
        return [patches[0], tokens + 1, dimension]
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        [try sequenceShape(for: inputShape)[0], head.outputFeatures]
    }

    /// images [B, C, H, W] → logits [B, classes].
    public func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let outputShape = try shapes.outputShape(for: input.shape, of: self)
        let batch = outputShape[0]
        if sequenceShape.first != batch {
            (sequenceShape, classTokenShape, patchShape) = ([batch, tokens + 1, dimension], [batch, dimension],
                                                            [batch, tokens, dimension])
        }
        let patches = try patchEmbedding.forward(input)
        tokenEmbeddingForward(patches: patches.scalars, batch: batch, tokens: tokens, channels: dimension,
                              classToken: classToken.values.baseAddress!, position: positionEmbedding.values.baseAddress!,
                              output: &sequence)
        let normalized = try norm.forward(try blocks.forward(Tensor(shape: sequenceShape, scalars: sequence)))
        selectToken(normalized.scalars, batch: batch, tokens: tokens + 1, channels: dimension, token: 0,
                    output: &classTokens)
        return try head.forward(Tensor(shape: classTokenShape, scalars: classTokens))
    }

    /// logits' gradient [B, classes] → inputGradient [B, C, H, W] (empty unless `needsInputGradient`); adds every
    /// parameter's gradient.
    public func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try shapes.checkGradient(outputGradient.shape, of: self)
        let batch = sequenceShape[0]
        let classGradient = try head.backward(outputGradient)
        selectTokenBackward(classGradient.scalars, batch: batch, tokens: tokens + 1, channels: dimension, token: 0,
                            inputGradient: &normGradient)
        let sequenceGradient = try blocks.backward(try norm.backward(Tensor(shape: sequenceShape, scalars: normGradient)))
        tokenEmbeddingBackward(outputGradient: sequenceGradient.scalars, batch: batch, tokens: tokens,
                               channels: dimension, classTokenGradient: classToken.gradientTarget,
                               positionGradient: positionEmbedding.gradientTarget, patchGradient: &patchGradient)
        return try patchEmbedding.backward(Tensor(shape: patchShape, scalars: patchGradient))
    }
}

extension VisionTransformer {
    /// The workbook's ViT for 28×28 images (the PyTorch twin's `SmallViT`): patch 4 → 49 tokens + the class token,
    /// dimension 64, 6 blocks of 4 heads (head size 16), MLP 256 with GELU. 305,034 parameters for 1 channel and 10
    /// classes, as PyTorch counts the same definition; 33.4 MFLOPs per image forward (attention's products
    /// included).
    public static func small(inputChannels: Int = 1, classes: Int = 10,
                             generator: inout RandomGenerator) -> VisionTransformer {
        VisionTransformer(imageSize: 28, inputChannels: inputChannels, patchSize: 4, dimension: 64, depth: 6, heads: 4,
                          classes: classes, generator: &generator)
    }
}

extension VisionTransformer {
    /// `small` at dimension 48 (4 heads of 12, MLP 192): 173,482 parameters for 1 channel and 10 classes, the small
    /// ResNet's 174,970 within 1% (12·C² + 13·C per block, 6 blocks; the rest is the patch embedding, tokens, norm and
    /// head), so that §9.1 compares the two architectures at equal parameter counts (`pytorch_models.SmallViT(dim=48)`).
    public static func narrow(inputChannels: Int = 1, classes: Int = 10,
                              generator: inout RandomGenerator) -> VisionTransformer {
        VisionTransformer(imageSize: 28, inputChannels: inputChannels, patchSize: 4, dimension: 48, depth: 6, heads: 4,
                          classes: classes, generator: &generator)
    }
}

extension Sequential {
    /// `VisionTransformer.narrow` as the one transparent layer of a Sequential (see `smallViT`).
    public static func narrowViT(inputChannels: Int = 1, classes: Int = 10, generator: inout RandomGenerator) -> Sequential {
        Sequential(layers: [VisionTransformer.narrow(inputChannels: inputChannels, classes: classes, generator: &generator)])
    }

    /// `VisionTransformer.small` as the one (unnamed, so transparent) layer of a Sequential, so that it trains
    /// wherever the workbook's Sequential models do (`CNNTrainer`, the bench); its parameter names are the ViT's.
    public static func smallViT(inputChannels: Int = 1, classes: Int = 10, generator: inout RandomGenerator) -> Sequential {
        Sequential(layers: [VisionTransformer.small(inputChannels: inputChannels, classes: classes, generator: &generator)])
    }
}
