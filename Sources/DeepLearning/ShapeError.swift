/// A tensor of the wrong shape reached a layer. The message names the layer and both shapes, the way PyTorch's
/// errors do, e.g. `fc1: expected 100352 input features, got 401408 (input 64×128×56×56)`.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    /// The layer's name, e.g. `fc1`.
    public var layer: String
    /// What the layer expected and what it got, e.g. `expected 100352 input features, got 401408`.
    public var problem: String
    /// The shape of the input that caused it. `Sequential` reports the shape before a `Flatten` that directly
    /// precedes the layer, which is the shape a reader recognises.
    public var inputShape: [Int]

    public init(layer: String, problem: String, inputShape: [Int]) {
        self.layer = layer
        self.problem = problem
        self.inputShape = inputShape
    }

    public var description: String { "\(layer): \(problem) (input \(inputShape.shapeDescription))" }
}
