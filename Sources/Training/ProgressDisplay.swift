import Foundation

/// The progress bar of an epoch, as a callback: the running mean loss, items per second and the ETA,
///
///     epoch 3/10 [████████░░░░░░░░░░░░]  412/860  loss 0.3121  1,283 img/s  ETA 0:23
///
/// redrawn every 1% of the epoch, so the loop formats no text on the other 99% of its steps.
public final class ProgressDisplay: TrainingCallback {
    private let label: (Int) -> String
    private let unitsPerStep: Int
    private let unitName: String
    private var bar: ProgressBar?
    private var runningLoss = 0.0
    private var every = 1

    /// - Parameters:
    ///   - label: the bar's label for an epoch (0-based), e.g. `{ "epoch \($0 + 1)/10" }`.
    ///   - unitsPerStep: items per step (the batch size), for the rate.
    public init(unitsPerStep: Int, unitName: String = "img", label: @escaping (Int) -> String) {
        self.label = label
        self.unitsPerStep = unitsPerStep
        self.unitName = unitName
    }

    public func epochWillBegin(_ state: TrainingState) throws {
        bar = ProgressBar(label: label(state.epoch), total: state.stepsInEpoch, unitsPerStep: unitsPerStep,
                          unitName: unitName)
        // A run resumed mid-epoch starts with the restored steps' losses (`Checkpoint`), so the mean is the epoch's.
        runningLoss = state.epochLosses.reduce(0.0) { $0 + Double($1) }
        every = max(1, state.stepsInEpoch / 100)
    }

    public func stepDidEnd(_ state: TrainingState) throws {
        runningLoss += Double(state.loss)
        let (done, total) = (state.step, state.stepsInEpoch)
        guard done % every == 0 || done == total else { return }
        bar?.update(done: done, status: "loss " + String(format: "%.4f", runningLoss / Double(done)))
        if done == total { bar?.finish() }
    }
}
