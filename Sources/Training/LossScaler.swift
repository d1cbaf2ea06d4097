import DeepLearning

/// Loss scaling for 16-bit gradients (Micikevicius et al. 2018, §3.2): the loss gradient is multiplied by S before
/// backward (by the model's last `PrecisionBoundary`, through `gradientScale`), so that small gradients land in
/// Float16's range instead of flushing to zero; after backward every gradient is divided by S again, in FP32, before
/// the optimizer sees it.
///
/// - `.constant(S)`: a fixed S (a power of two, so that scaling and unscaling are exact).
/// - `.dynamic`: PyTorch's `torch.amp.GradScaler` with its defaults: S starts at 2¹⁶; a step whose gradients
///   hold an inf or NaN is skipped and S halves; after 2,000 steps in a row without one, S doubles.
///
/// Either way a step with a non-finite gradient is skipped (its update would write inf or NaN into the weights),
/// and its gradients are zeroed so that the callbacks after this one (clipping, the divergence guard) see a step
/// that changes nothing. List it after `MixedPrecision` (which rounds the scaled gradients to 16 bits) and before
/// the divergence guard.
public final class LossScaler: TrainingCallback {
    public enum Policy: Sendable, Equatable, CustomStringConvertible {
        case constant(Float)
        case dynamic(initialScale: Float, growthFactor: Float, backoffFactor: Float, growthInterval: Int)

        /// GradScaler's defaults (torch.amp.GradScaler: init_scale 2**16, growth_factor 2, backoff_factor 0.5,
        /// growth_interval 2000).
        public static let gradScalerDefaults = Policy.dynamic(initialScale: 65_536, growthFactor: 2,
                                                              backoffFactor: 0.5, growthInterval: 2000)

        public var description: String {
            switch self {
            case .constant(let scale): "static loss scale \(scale)"
            case let .dynamic(initial, growth, backoff, interval):
                "dynamic loss scale (from \(initial), ×\(growth) after \(interval) finite steps, ×\(backoff) on inf/NaN)"
            }
        }
    }

    public let policy: Policy
    /// S, shared with the model's last `PrecisionBoundary`.
    public let gradientScale: GradientScale
    /// Finite steps since the last overflow or growth (GradScaler's `_growth_tracker`).
    public private(set) var finiteStepsInARow = 0
    /// Steps skipped for a non-finite gradient.
    public private(set) var overflows = 0

    public init(_ policy: Policy, gradientScale: GradientScale = GradientScale()) {
        self.policy = policy
        self.gradientScale = gradientScale
        switch policy {
        case .constant(let scale): gradientScale.value = scale
        case .dynamic(let initial, _, _, _): gradientScale.value = initial
        }
    }

    /// The S the next step's backward uses.
    public var scale: Float { gradientScale.value }

    public func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        let gradients = state.store.gradients
        let used = scale
        let finite = Self.allFinite(UnsafeBufferPointer(gradients))
        recordStep(finite: finite)
        guard finite else {
            gradients.update(repeating: 0)
            return .skip
        }
        // GradScaler unscales by multiplying by the reciprocal, computed in Double and rounded to Float.
        let inverse = Float(1 / Double(used))
        for i in gradients.indices { gradients[i] *= inverse }
        return .update
    }

    /// GradScaler's `update()`: back off on an overflow, grow after `growthInterval` finite steps in a row.
    func recordStep(finite: Bool) {
        guard case let .dynamic(_, growth, backoff, interval) = policy else {
            if !finite { overflows += 1 }
            return
        }
        if !finite {
            overflows += 1
            gradientScale.value *= backoff
            finiteStepsInARow = 0
            return
        }
        finiteStepsInARow += 1
        if finiteStepsInARow == interval {
            // GradScaler grows only to a finite scale.
            let grown = gradientScale.value * growth
            if grown.isFinite { gradientScale.value = grown }
            finiteStepsInARow = 0
        }
    }

    static func allFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
        // Summing and testing the sum once would vectorise, but a sum of large finite values can overflow.
        for value in values where !value.isFinite { return false }
        return true
    }
}
