import DeepLearning

/// Global gradient-norm clipping after backward, as `torch.nn.utils.clip_grad_norm_(parameters, maxNorm)`: with
/// ‖g‖ = √(Σ g²) over every trainable gradient of the store, each gradient is multiplied by
/// maxNorm / (‖g‖ + 10⁻⁶) when that factor is below 1, so the clipped norm is just under `maxNorm`.
public final class GradientClipping: TrainingCallback {
    public let maxNorm: Double
    /// ‖g‖ before clipping at the latest step, and how many steps were clipped.
    public private(set) var lastNorm = 0.0
    public private(set) var clippedSteps = 0

    public init(maxNorm: Double) {
        precondition(maxNorm > 0 && maxNorm.isFinite, "GradientClipping: maxNorm must be positive, got \(maxNorm)")
        self.maxNorm = maxNorm
    }

    public func gradientsComputed(_ state: TrainingState) throws -> StepDecision {
        let store = state.store
        lastNorm = store.gradientNorm()
        let factor = maxNorm / (lastNorm + 1e-6)
        guard factor < 1 else { return .update }
        clippedSteps += 1
        for entry in store.entries where entry.parameter.requiresGradient {
            scale(entry.parameter.gradients, by: Float(factor))
        }
        return .update
    }
}
