import DeepLearning

/// How many gradient values fall in each binade (log2 bin: 2^e ≤ |g| < 2^(e+1)), and, for a few formats and loss
/// scales S, how many of them that format would store as zero (|S·g| rounds to 0: flushed) or as ±∞ (overflow).
/// Micikevicius et al.'s Figure 3, measured.
public struct GradientTally: Sendable, Equatable, Codable {
    /// A format and the loss scale its values are multiplied by before they are rounded to it.
    public struct Scenario: Sendable, Equatable, Codable, CustomStringConvertible {
        public var format: NumberFormat
        public var scale: Float
        public init(_ format: NumberFormat, scale: Float = 1) { (self.format, self.scale) = (format, scale) }
        public var description: String {
            scale == 1 ? "\(format.label) unscaled" : "\(format.label) × 2^\(scale.exponent)"
        }
    }

    /// The binade of the smallest and largest bins: every non-zero finite Float fits (2⁻¹⁴⁹ … 2¹²⁸).
    public static let lowestExponent = -149, highestExponent = 127
    public let scenarios: [Scenario]
    /// `bins[e − lowestExponent]`: the values with 2^e ≤ |g| < 2^(e+1).
    public private(set) var bins = [Int](repeating: 0, count: highestExponent - lowestExponent + 1)
    /// Values exactly zero already in FP32 (a ReLU's dead units, a max pool's losers), and not finite.
    public private(set) var zeros = 0
    public private(set) var nonFinite = 0
    public private(set) var count = 0
    /// Per scenario, the non-zero values it flushes to zero and the finite ones it overflows.
    public private(set) var flushed: [Int]
    public private(set) var overflowed: [Int]

    public init(scenarios: [Scenario]) {
        self.scenarios = scenarios
        flushed = Array(repeating: 0, count: scenarios.count)
        overflowed = flushed
    }

    public mutating func add(_ values: UnsafeBufferPointer<Float>) {
        count += values.count
        for value in values {
            guard value.isFinite else { nonFinite += 1; continue }
            guard value != 0 else { zeros += 1; continue }
            bins[Int(value.exponent) - Self.lowestExponent] += 1
            for (index, scenario) in scenarios.enumerated() {
                let stored = scenario.format.fastRounded(scenario.scale * value)
                if stored == 0 { flushed[index] += 1 } else if !stored.isFinite { overflowed[index] += 1 }
            }
        }
    }

    /// Non-zero finite values: what the shares below are shares of.
    public var nonZero: Int { count - zeros - nonFinite }
    public func flushedShare(_ index: Int) -> Double { Double(flushed[index]) / Double(max(nonZero, 1)) }
    public func overflowedShare(_ index: Int) -> Double { Double(overflowed[index]) / Double(max(nonZero, 1)) }
    /// The share of non-zero values in binades below 2^exponent (below FP16's smallest normal: `exponent` −14).
    public func share(below exponent: Int) -> Double {
        Double(bins[..<max(0, exponent - Self.lowestExponent)].reduce(0, +)) / Double(max(nonZero, 1))
    }
}

/// Takes a `GradientTally` of the weight gradients (the store, after backward) and of the activation gradients
/// (each `PrecisionBoundary` of the model, before it scales or rounds them) on every `sampleEvery`-th step.
/// Put it first among the after-backward callbacks, so that it sees the gradients as backward left them.
public final class GradientCensus: TrainingCallback {
    public let sampleEvery: Int
    public private(set) var weights: GradientTally
    public private(set) var activations: GradientTally
    public private(set) var sampledSteps = 0
    private var sampling = false

    public init(model: any Layer<Float>, scenarios: [GradientTally.Scenario], sampleEvery: Int) {
        precondition(sampleEvery >= 1, "GradientCensus: sampleEvery ≥ 1")
        self.sampleEvery = sampleEvery
        weights = GradientTally(scenarios: scenarios)
        activations = weights
        for named in model.namedLayers() {
            (named.layer as? PrecisionBoundary<Float>)?.gradientObserver = { [unowned self] gradient in
                if sampling { activations.add(gradient) }
            }
        }
    }

    public func stepWillBegin(_ state: TrainingState) throws {
        sampling = state.globalStep % sampleEvery == 0
    }

    public func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        if sampling {
            weights.add(UnsafeBufferPointer(state.store.gradients))
            sampledSteps += 1
        }
        return .update
    }
}
