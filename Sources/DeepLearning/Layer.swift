/// One step of a network with a forward pass and a hand-written backward pass (llm.c style: forward keeps what
/// backward needs, in buffers the layer owns and reuses from step to step).
///
/// Contract:
/// - `forward(x)` checks x's shape (a `ShapeError` names the layer and both shapes), computes the output and keeps
///   what backward needs. The returned tensor shares storage with a buffer the layer reuses: drop it (or copy it)
///   before the next forward call, or that call pays for a copy.
/// - `backward(dy)` takes ∂L/∂output of the LAST forward call, ADDS ∂L/∂parameter into the `gradients` of each
///   parameter whose `requiresGradient` is true (as PyTorch; frozen ones cost nothing), and returns ∂L/∂input — or
///   an empty tensor when `needsInputGradient` is false (a network's first layer: nobody reads it).
/// - `isTraining` selects training behaviour (BatchNorm batch statistics, Dropout masks) or evaluation.
///
/// Layers form a tree, as PyTorch modules do: a layer owns its `ownParameters` and `ownBuffers` under local names
/// (`weight`, `bias`) and lists the layers it is made of in `children`, each with its `name` within it. The full
/// names follow from the tree (`namedParameters()`: `stage2.block1.conv1.weight`), in PyTorch's
/// `named_parameters()` order, so that safetensors keys match a PyTorch `state_dict` of the same architecture.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: KernelScalar

    /// The layer's name within its parent (`conv1`, `stage2`, `0`); it prefixes its parameters' full names. An
    /// empty name adds no prefix: a model's root, or a container whose children should sit directly in its parent.
    var name: String { get }
    /// The kind of layer as PyTorch names it, e.g. `Conv2d`, for summaries.
    var typeName: String { get }
    /// The tensors this layer trains itself, not its children's (PyTorch's `_parameters`), e.g. weight and bias.
    var ownParameters: [Parameter<Scalar>] { get }
    /// State this layer saves but does not train, its own only (PyTorch's `_buffers`: BatchNorm's `running_mean`,
    /// `running_var`, `num_batches_tracked`); `requiresGradient` is false and optimizers never see them.
    var ownBuffers: [Parameter<Scalar>] { get }
    /// The layers this one is made of, in order (PyTorch's `_modules`); empty for a leaf.
    var children: [any Layer<Scalar>] { get }
    /// Training (true, the default) or evaluation mode. Containers pass it on to their children.
    var isTraining: Bool { get set }
    /// False skips the input gradient in `backward`, which then returns an empty tensor.
    var needsInputGradient: Bool { get set }

    /// The output shape for an input shape, without computing anything; throws `ShapeError` if the input does not fit.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// The input shape each of `children` sees when this layer's input has `inputShape` (for summaries); empty
    /// for a leaf.
    func childInputShapes(for inputShape: [Int]) throws -> [[Int]]
    /// Floating-point operations of one forward pass on a whole input of this shape, 2 per multiply-add
    /// (only convolutions and linear layers count, as in torchinfo's Mult-Adds); a container adds its children's.
    func forwardFlops(for inputShape: [Int]) -> Int
    /// The layer applied to `input` (see the contract above).
    func forward(_ input: Tensor<Scalar>) throws -> Tensor<Scalar>
    /// ∂L/∂input from ∂L/∂output, accumulating parameter gradients (see the contract above).
    func backward(_ outputGradient: Tensor<Scalar>) throws -> Tensor<Scalar>
}

extension Layer {
    public var typeName: String {
        let full = String(describing: Self.self)
        return String(full.prefix { $0 != "<" })
    }
    public var ownParameters: [Parameter<Scalar>] { [] }
    public var ownBuffers: [Parameter<Scalar>] { [] }
    public var children: [any Layer<Scalar>] { [] }
    public func childInputShapes(for inputShape: [Int]) throws -> [[Int]] { [] }
    public func forwardFlops(for inputShape: [Int]) -> Int {
        guard let shapes = try? childInputShapes(for: inputShape) else { return 0 }
        return zip(children, shapes).reduce(0) { $0 + $1.0.forwardFlops(for: $1.1) }
    }

    /// Training mode, as PyTorch's `module.train()`.
    public func train() { isTraining = true }
    /// Evaluation mode, as PyTorch's `module.eval()`.
    public func eval() { isTraining = false }
}

/// The tensor `backward` returns when `needsInputGradient` is false.
let skippedGradientShape = [0]

extension Layer {
    /// What `backward` returns: ∂L/∂input from the layer's buffer in the input's shape, or the empty tensor when
    /// `needsInputGradient` is false (the kernel then did not compute it).
    func inputGradientTensor(_ buffer: [Scalar], shape: [Int]) -> Tensor<Scalar> {
        needsInputGradient ? Tensor(shape: shape, scalars: buffer) : Tensor(shape: skippedGradientShape)
    }
}

/// Remembers the last input shape a layer saw and the output shape it produced, so that a steady training loop
/// checks shapes without allocating, and so that backward can check its gradient against the last forward.
struct ShapeMemo {
    private(set) var input: [Int] = []
    private(set) var output: [Int] = []

    /// The output shape for `shape`, computed by `layer.outputShape(for:)` only when the input shape changes.
    mutating func outputShape<L: Layer>(for shape: [Int], of layer: L) throws -> [Int] {
        if shape != input || output.isEmpty {
            output = try layer.outputShape(for: shape)
            input = shape
        }
        return output
    }

    /// Throws unless `gradient` has the shape of the last forward output.
    func checkGradient<L: Layer>(_ gradient: [Int], of layer: L) throws {
        guard !output.isEmpty else {
            throw ShapeError(layer: layer.name, problem: "backward called before forward", inputShape: gradient)
        }
        guard gradient == output else {
            throw ShapeError(layer: layer.name, problem: "backward expected an output gradient of "
                             + "\(output.shapeDescription), got \(gradient.shapeDescription)", inputShape: input)
        }
    }
}
