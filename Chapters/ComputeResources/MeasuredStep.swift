import DeepLearning
import Kernels
import Training

/// A training step's time measured unit by unit (`TimingUnit`) on real batches: the trainer's own step (its
/// `beginStep`, the model's forward, the loss, backward, its `update`: the hooks and Adam) with the model's
/// Sequentials opened up so that a clock reads between units, as `Sequential.forward` and `backward` would run
/// them. Means over the timed steps (an epoch's time is a mean, not a best case), after untimed warm-up steps.
public struct MeasuredStep: Sendable {
    public struct Part: Sendable {
        /// A unit's path, or "loss", "optimizer" (as `StepPrediction.Part.name`).
        public var name: String
        public var forwardSeconds: Double
        public var backwardSeconds: Double
        /// Forward + backward of the fastest timed step: the mean less what other jobs on the cores added
        /// (noise only ever adds time), comparable with the GEMM speeds, which are each shape's fastest timing.
        public var fastestSeconds: Double
        public var seconds: Double { forwardSeconds + backwardSeconds }
    }

    /// Per step, in forward order, then the loss and the optimizer (`beginStep`'s gradient clearing and
    /// `update`'s hooks and Adam, as backward time).
    public var parts: [Part]
    /// Per step, the wall time not inside any part: drawing the next batch from the loader, the trainer's
    /// bookkeeping, the clock reads.
    public var otherSeconds: Double
    public var steps: Int
    /// Untimed steps before them.
    public var warmup: Int
    public var seconds: Double { parts.reduce(0) { $0 + $1.seconds } + otherSeconds }

    /// Takes `warmup` untimed then `steps` timed steps of epoch `epoch` of `source` through `trainer`, whose model
    /// is `model`.
    public static func measure<Source: BatchSource>(
        _ model: Sequential<Float>, trainer: Trainer<CrossEntropyLoss<Float>>, source: Source, epoch: Int,
        warmup: Int, steps: Int
    ) throws -> MeasuredStep where Source.Batches.Batch.Target == [Int] {
        var units: [TimingUnit] = []
        var forward: [Double] = [], backward: [Double] = []
        var loss = 0.0, optimizer = 0.0, taken = 0, timedStart = clockSeconds()
        // Each part's fastest step: units, then the loss and the optimizer; `thisStep` collects the current one's.
        var fastest: [Double] = [], thisStep: [Double] = []
        try trainer.trainEpoch(source, epoch: epoch, maximumSteps: warmup + steps) { batch in
            let count = batch.inputs.shape[0]
            if units.isEmpty {
                units = try TimingUnit.units(of: model, inputShape: batch.inputs.shape)
                forward = Array(repeating: 0, count: units.count)
                backward = forward
                fastest = Array(repeating: .infinity, count: units.count + 2)
                thisStep = Array(repeating: 0, count: units.count + 2)
            }
            let timed = taken >= warmup
            var clock = clockSeconds()
            /// Seconds since the last lap.
            func lap() -> Double {
                let now = clockSeconds()
                defer { clock = now }
                return timed ? now - clock : 0
            }
            let lossIndex = units.count, optimizerIndex = units.count + 1
            try trainer.beginStep(batchSize: count, globalCount: batch.globalCount)
            thisStep[optimizerIndex] = lap()
            var x = batch.inputs
            for index in units.indices {
                x = try units[index].layer.forward(x)
                thisStep[index] = lap()
                forward[index] += thisStep[index]
            }
            let result = try trainer.loss.loss(x, batch.targets)
            thisStep[lossIndex] = lap()
            var gradient = result.gradient
            for index in units.indices.reversed() {
                gradient = try units[index].layer.backward(gradient)
                let seconds = lap()
                thisStep[index] += seconds
                backward[index] += seconds
            }
            try trainer.update(loss: result.value, batchSize: count)
            thisStep[optimizerIndex] += lap()
            loss += thisStep[lossIndex]
            optimizer += thisStep[optimizerIndex]
            if timed { for index in fastest.indices { fastest[index] = min(fastest[index], thisStep[index]) } }
            taken += 1
            if taken == warmup { timedStart = clockSeconds() }
        }
        let wall = clockSeconds() - timedStart, perStep = 1 / Double(max(1, steps))
        var parts = units.indices.map { Part(name: units[$0].path, forwardSeconds: forward[$0] * perStep,
                                             backwardSeconds: backward[$0] * perStep, fastestSeconds: fastest[$0]) }
        parts.append(Part(name: "loss", forwardSeconds: 0, backwardSeconds: loss * perStep,
                          fastestSeconds: fastest[units.count]))
        parts.append(Part(name: "optimizer", forwardSeconds: 0, backwardSeconds: optimizer * perStep,
                          fastestSeconds: fastest[units.count + 1]))
        let inside = parts.reduce(0) { $0 + $1.seconds }
        return MeasuredStep(parts: parts, otherSeconds: max(0, wall * perStep - inside), steps: steps,
                            warmup: warmup)
    }
}
