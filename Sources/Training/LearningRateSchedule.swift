import Foundation
import DeepLearning

/// The learning rate of every optimizer step, as a function of the step t (0-based, counted over the whole run):
/// what PyTorch's schedulers give when stepped once per optimizer step. The trainer sets it before each step.
///
/// - `constant`: α.
/// - `step(every: k, factor: γ)`: α·γ^⌊t/k⌋ (StepLR; k = epochs × steps per epoch for the per-epoch form).
/// - `warmupCosine(warmupSteps: w, totalSteps: T, startFactor: s, minimum: η)`: linear warm-up from s·α to α over
///   w steps, α·(s + (1 − s)·t/w), then cosine annealing to η over the remaining T − w steps,
///   η + (α − η)·(1 + cos(π(t − w)/(T − w)))/2 (SequentialLR of LinearLR and CosineAnnealingLR).
/// - `oneCycle(totalSteps: T, …)`: Smith's one-cycle policy as PyTorch's OneCycleLR with its defaults: from α/25 up
///   to α (the maximum) over the first 30% of the steps, then down to α/25/10⁴, both by cosine; and, on an optimizer
///   with momentum (Adam's β₁), the momentum the other way, 0.95 → 0.85 → 0.95.
public enum LearningRateSchedule: Sendable, Equatable, CustomStringConvertible {
    case constant
    case step(every: Int, factor: Double)
    case warmupCosine(warmupSteps: Int, totalSteps: Int, startFactor: Double = 0.1, minimum: Double = 0)
    case oneCycle(totalSteps: Int, warmupFraction: Double = 0.3, divisor: Double = 25, finalDivisor: Double = 1e4,
                  momentum: ClosedRange<Double>? = 0.85...0.95)

    /// The learning rate of step `t` for a base (or, one-cycle, maximum) rate `base`.
    public func learningRate(base: Double, step t: Int) -> Double {
        switch self {
        case .constant:
            return base
        case let .step(every, factor):
            return base * pow(factor, Double(t / every))
        case let .warmupCosine(warmup, total, startFactor, minimum):
            if t < warmup { return base * (startFactor + (1 - startFactor) * Double(t) / Double(warmup)) }
            let progress = Double(t - warmup) / Double(max(total - warmup, 1))
            return minimum + (base - minimum) * (1 + cos(Double.pi * progress)) / 2
        case .oneCycle:
            let (phase, progress) = oneCyclePhase(t)
            let initial = base / oneCycleDivisors.start, peak = base, final = initial / oneCycleDivisors.final
            return phase == 0 ? cosineAnneal(from: initial, to: peak, progress)
                              : cosineAnneal(from: peak, to: final, progress)
        }
    }

    /// The momentum (Adam's β₁, SGD's momentum) of step `t`, for a schedule that cycles it; nil otherwise.
    public func momentum(step t: Int) -> Double? {
        guard case let .oneCycle(_, _, _, _, momentum?) = self else { return nil }
        let (phase, progress) = oneCyclePhase(t)
        return phase == 0 ? cosineAnneal(from: momentum.upperBound, to: momentum.lowerBound, progress)
                          : cosineAnneal(from: momentum.lowerBound, to: momentum.upperBound, progress)
    }

    /// Checks the schedule's numbers; `steps` is how many optimizer steps the run will take.
    public func validate(steps: Int) throws {
        switch self {
        case .constant: return
        case let .step(every, factor):
            guard every > 0, factor > 0 else { throw TrainingError("step schedule: every \(every) steps, factor \(factor): both must be positive") }
        case let .warmupCosine(warmup, total, startFactor, minimum):
            guard warmup >= 0, total > warmup, startFactor > 0, minimum >= 0 else {
                throw TrainingError("warm-up + cosine: needs 0 ≤ warm-up (\(warmup)) < total steps (\(total)), a positive start factor and a minimum ≥ 0")
            }
            guard steps <= total else { throw TrainingError("warm-up + cosine: planned for \(total) steps, the run takes \(steps)") }
        case let .oneCycle(total, fraction, divisor, finalDivisor, _):
            guard total > 1, fraction > 0, fraction < 1, divisor > 0, finalDivisor > 0 else {
                throw TrainingError("one-cycle: needs more than 1 step, a warm-up fraction in (0, 1) and positive divisors")
            }
            guard steps <= total else { throw TrainingError("one-cycle: planned for \(total) steps, the run takes \(steps) (PyTorch refuses too)") }
        }
    }

    public var description: String {
        switch self {
        case .constant: return "constant"
        case let .step(every, factor): return "×\(factor) every \(every) steps"
        case let .warmupCosine(warmup, total, startFactor, minimum):
            return "linear warm-up from ×\(startFactor) over \(warmup) steps, then cosine to \(minimum) at step \(total)"
        case let .oneCycle(total, fraction, divisor, finalDivisor, momentum):
            return "one-cycle over \(total) steps (up for \(Int((fraction * 100).rounded()))%, ÷\(divisor) to ÷\(divisor * finalDivisor))"
                + (momentum.map { ", momentum \($0.upperBound)→\($0.lowerBound)→\($0.upperBound)" } ?? "")
        }
    }

    private var oneCycleDivisors: (start: Double, final: Double) {
        guard case let .oneCycle(_, _, divisor, finalDivisor, _) = self else { return (1, 1) }
        return (divisor, finalDivisor)
    }

    /// OneCycleLR's phases: up until step ⌊fraction·T⌋ − 1 (a Double, as PyTorch keeps it), then down until T − 1;
    /// the phase and how far into it step t is, in [0, 1].
    private func oneCyclePhase(_ t: Int) -> (phase: Int, progress: Double) {
        guard case let .oneCycle(total, fraction, _, _, _) = self else { return (0, 0) }
        let firstEnd = fraction * Double(total) - 1, lastEnd = Double(total - 1)
        if Double(t) <= firstEnd { return (0, Double(t) / firstEnd) }
        return (1, (Double(t) - firstEnd) / (lastEnd - firstEnd))
    }

    /// PyTorch's `_annealing_cos`: end + (start − end)/2 · (cos(π·progress) + 1).
    private func cosineAnneal(from start: Double, to end: Double, _ progress: Double) -> Double {
        end + (start - end) / 2 * (cos(Double.pi * progress) + 1)
    }
}
