/// Which gradients a backward kernel computes (`convolutionBackward`, `linearBackward`). A frozen weight or bias
/// skips its work; the first layer of a network skips the input gradient, which nobody reads.
public struct GradientSelection: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let weight = GradientSelection(rawValue: 1)
    public static let bias = GradientSelection(rawValue: 2)
    public static let input = GradientSelection(rawValue: 4)
}
