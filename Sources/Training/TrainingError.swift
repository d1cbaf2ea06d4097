/// A training run that cannot go on as set up, in one line: a schedule planned for fewer steps than the run takes,
/// a schedule that cycles momentum on an optimizer without one, a callback missing the metric it reads.
public struct TrainingError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
