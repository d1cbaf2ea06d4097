
/// A dense, contiguous, row-major array of numbers with a shape (NCHW for images).
///
/// `Tensor<Float>` is what networks train in; `Tensor<Double>` is what gradient checks run in. The storage is a
/// plain Swift array, so a tensor is a value: copying one is cheap until either copy is written (copy-on-write).
public struct Tensor<Scalar: KernelScalar>: Equatable, Sendable {
    /// The extent of each dimension, outermost first, e.g. `[64, 1, 28, 28]` for a batch of images.
    public private(set) var shape: [Int]
    /// `shape.reduce(1, *)` numbers in row-major order: the last index varies fastest.
    public var scalars: [Scalar]

    /// A tensor over `scalars`, which must hold exactly `shape.reduce(1, *)` numbers.
    public init(shape: [Int], scalars: [Scalar]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor: shape \(shape) needs \(shape.reduce(1, *)) numbers, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(shape: [Int], repeating value: Scalar = 0) {
        self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// Number of elements.
    public var count: Int { scalars.count }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The element at a full multi-index, e.g. `t[n, c, h, w]`.
    public subscript(indices: Int...) -> Scalar {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    /// The same numbers seen with another shape of equal element count (like `view` in PyTorch).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// The same numbers converted to another scalar type (e.g. Float weights to Double for a check).
    public func converted<Other: KernelScalar>(to _: Other.Type = Other.self) -> Tensor<Other> {
        Tensor<Other>(shape: shape, scalars: scalars.map { Other($0) })
    }

    private func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "Tensor: \(indices.count) indices for shape \(shape)")
        var flat = 0
        for (index, extent) in zip(indices, shape) {
            precondition(index >= 0 && index < extent, "Tensor: index \(indices) out of range for shape \(shape)")
            flat = flat * extent + index
        }
        return flat
    }
}

extension Array where Element == Int {
    /// A shape written the way PyTorch's error messages write it, e.g. `64×128×56×56`.
    public var shapeDescription: String { map(String.init).joined(separator: "×") }
}
