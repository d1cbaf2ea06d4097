/// Why a loss refused its arguments. The description is one line that names the loss and both shapes, e.g.
/// `MSELoss: input 4×3 and target 4×2 must have the same shape`.
public enum LossError: Error, Equatable, CustomStringConvertible {
    /// The input and target shapes do not fit together; `requirement` says what the loss expected.
    case shapeMismatch(loss: String, input: [Int], target: [Int], requirement: String)
    /// A class index outside 0..<classes (cross-entropy).
    case classIndexOutOfRange(loss: String, position: Int, index: Int, classes: Int)
    /// An input element outside the loss's domain (BCE needs probabilities in [0, 1]).
    case inputOutOfDomain(loss: String, position: Int, requirement: String)
    /// Class weights (cross-entropy's `weight`) that are not one per class of the logits.
    case weightCountMismatch(loss: String, weights: Int, classes: Int)

    public var description: String {
        switch self {
        case let .shapeMismatch(loss, input, target, requirement):
            "\(loss): input \(input.shapeDescription) and target \(target.shapeDescription) do not fit: \(requirement)"
        case let .classIndexOutOfRange(loss, position, index, classes):
            "\(loss): target \(position) is class \(index), outside 0..<\(classes)"
        case let .inputOutOfDomain(loss, position, requirement):
            "\(loss): input element \(position) is outside the domain: \(requirement)"
        case let .weightCountMismatch(loss, weights, classes):
            "\(loss): \(weights) class weights for \(classes) classes: give one per class"
        }
    }
}

/// Throws unless `input` and `target` have the same shape and at least one element (the element-wise losses).
func checkSameShape(loss: String, input: [Int], target: [Int]) throws {
    guard input == target else {
        throw LossError.shapeMismatch(loss: loss, input: input, target: target,
                                      requirement: "they must have the same shape")
    }
    guard input.reduce(1, *) > 0 else {
        throw LossError.shapeMismatch(loss: loss, input: input, target: target,
                                      requirement: "the mean over zero elements is undefined")
    }
}
