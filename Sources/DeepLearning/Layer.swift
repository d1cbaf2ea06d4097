import Kernels

/// One step of a network with a forward pass and a hand-written backward pass (llm.c style: forward keeps what
/// backward needs, in buffers the layer owns and reuses from step to step).
///
/// Contract:
/// - `forward(x)` checks x's shape (a `ShapeError` names the layer and both shapes), computes the output and keeps
///   what backward needs. The returned tensor shares storage with a buffer the layer reuses: drop it (or copy it)
///   before the next forward call, or that call pays for a copy.
/// - `backward(dy)` takes ∂L/∂output of the LAST forward call, ADDS ∂L/∂parameter into each
///   `Parameter.gradient` whose `requiresGradient` is true (as PyTorch; frozen ones cost nothing), and returns
///   ∂L/∂input — or an empty tensor when `needsInputGradient` is false (a network's first layer: nobody reads it).
/// - `isTraining` selects training behaviour (BatchNorm batch statistics, Dropout masks) or evaluation.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: KernelScalar

    /// The name that prefixes parameter names (`conv1` → `conv1.weight`) and error messages.
    var name: String { get }
    /// The kind of layer as PyTorch names it, e.g. `Conv2d`, for summaries.
    var typeName: String { get }
    /// Trainable tensors, named as PyTorch's state_dict names them (`conv1.weight`, `conv1.bias`).
    var parameters: [Parameter<Scalar>] { get }
    /// State that is saved with the model but not trained (BatchNorm's `running_mean`, `running_var`,
    /// `num_batches_tracked`); `requiresGradient` is false and optimizers never see them.
    var buffers: [Parameter<Scalar>] { get }
    /// Training (true, the default) or evaluation mode. Containers pass it on to their layers.
    var isTraining: Bool { get set }
    /// False skips the input gradient in `backward`, which then returns an empty tensor.
    var needsInputGradient: Bool { get set }

    /// The output shape for an input shape, without computing anything; throws `ShapeError` if the input does not fit.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// Floating-point operations of one forward pass on a whole input of this shape, 2 per multiply-add
    /// (only convolutions and linear layers count, as in torchinfo's Mult-Adds).
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
    public var parameters: [Parameter<Scalar>] { [] }
    public var buffers: [Parameter<Scalar>] { [] }
    public func forwardFlops(for inputShape: [Int]) -> Int { 0 }

    /// Sets every parameter's gradient to zero, as PyTorch's `module.zero_grad()` (through the Kernels `fill`:
    /// no allocation, vectorised).
    public func zeroGradients() {
        for parameter in parameters { fill(&parameter.gradient.scalars, with: 0) }
    }

    /// Training mode, as PyTorch's `module.train()`.
    public func train() { isTraining = true }
    /// Evaluation mode, as PyTorch's `module.eval()`.
    public func eval() { isTraining = false }
}

/// The tensor `backward` returns when `needsInputGradient` is false.
let skippedGradientShape = [0]

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
