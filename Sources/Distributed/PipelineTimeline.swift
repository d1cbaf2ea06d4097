/// What one pipeline stage did when: the compute intervals of its steps, measured, and what they add up to.
///
/// Each stage records its own intervals with `Communicator.wallTime`, in seconds since `origin`, a moment every rank
/// takes just after a common barrier (so that two stages' times line up to within the barrier's exit skew, a few
/// microseconds on one machine; clocks of several machines only drift by parts per million over a run). Everything a
/// stage does that is not a recorded interval is waiting: for a message, or for the other stage.
///
/// Kept per run: the sum of busy time and of step time over the measured steps (every step but the first, whose
/// forward passes first allocate the layers' buffers), the sum and count per kind of interval, and every interval
/// of the latest step with a full batch (the Gantt chart's step). Nothing is allocated per step once the latest
/// step's list has grown to its size.
public struct PipelineTimeline: Sendable {
    /// What a stage computes in an interval.
    public enum Kind: Int, CaseIterable, Sendable {
        /// A micro-batch's forward pass through the stage.
        case forward
        /// Stage 0's forward pass again, right before that micro-batch's backward (GPipe's re-materialisation:
        /// the layers keep one forward's state, the last one's).
        case recompute
        /// The loss of a micro-batch and its gradient, weighted by the micro-batch's share (last stage).
        case loss
        /// A micro-batch's backward pass through the stage.
        case backward
        /// The optimizer step on the stage's parameters, once per step.
        case update

        public var name: String {
            switch self {
            case .forward: "forward"
            case .recompute: "recompute (re-materialised forward)"
            case .loss: "loss"
            case .backward: "backward"
            case .update: "optimizer step"
            }
        }
    }

    /// One measured interval; `microBatch` is nil for the optimizer step.
    public struct Interval: Sendable, Equatable {
        public var kind: Kind
        public var microBatch: Int?
        public var start: Double
        public var end: Double
        public var seconds: Double { end - start }
    }

    /// The intervals of the latest full-batch step, times relative to that step's start on this stage.
    public private(set) var latestStep: [Interval] = []
    /// When that step began, in seconds since the origin (to line it up with the other stage's).
    public private(set) var latestStepStart = 0.0
    /// Steps measured (all but the first), and their summed duration and busy time on this stage.
    public private(set) var measuredSteps = 0
    public private(set) var stepSeconds = 0.0
    public private(set) var busySeconds = 0.0
    /// Per kind (indexed by `Kind.rawValue`): the summed seconds and the number of intervals, measured steps only.
    public private(set) var secondsByKind = [Double](repeating: 0, count: Kind.allCases.count)
    public private(set) var countByKind = [Int](repeating: 0, count: Kind.allCases.count)

    private var steps = 0
    private var current: [Interval] = []
    private var currentStart = 0.0
    private var currentBusy = 0.0
    private var currentIsFull = false

    public init() {}

    /// The share of the measured steps' time this stage spent waiting: 1 − busy/step time.
    public var idleShare: Double { stepSeconds > 0 ? 1 - busySeconds / stepSeconds : .nan }

    /// The mean length of one interval of `kind` over the measured steps (0 if there was none).
    public func meanSeconds(of kind: Kind) -> Double {
        countByKind[kind.rawValue] > 0 ? secondsByKind[kind.rawValue] / Double(countByKind[kind.rawValue]) : 0
    }

    /// A step begins at `time` (seconds since the origin); `isFull` when its batch has the loader's full size.
    public mutating func beginStep(at time: Double, isFull: Bool) {
        current.removeAll(keepingCapacity: true)
        currentStart = time
        currentBusy = 0
        currentIsFull = isFull
    }

    /// Records one interval of the current step.
    public mutating func record(_ kind: Kind, microBatch: Int?, from start: Double, to end: Double) {
        current.append(Interval(kind: kind, microBatch: microBatch, start: start - currentStart, end: end - currentStart))
        currentBusy += end - start
        if steps > 0 {
            secondsByKind[kind.rawValue] += end - start
            countByKind[kind.rawValue] += 1
        }
    }

    /// The current step ended at `time` (its optimizer step done). The moments between two steps, while the loader
    /// hands over the next batch, belong to no step.
    public mutating func endStep(at time: Double) {
        if steps > 0 {
            measuredSteps += 1
            stepSeconds += time - currentStart
            busySeconds += currentBusy
        }
        if currentIsFull {
            latestStep.removeAll(keepingCapacity: true)
            latestStep.append(contentsOf: current)
            latestStepStart = currentStart
        }
        steps += 1
    }

    // MARK: Sending to rank 0

    /// Everything above as numbers, for a message to rank 0: the totals, then 4 numbers per interval of the latest
    /// step (kind, micro-batch or −1, start, end).
    public var encoded: [Double] {
        var numbers = [Double(measuredSteps), stepSeconds, busySeconds, latestStepStart]
        numbers += secondsByKind + countByKind.map(Double.init)
        for interval in latestStep {
            numbers += [Double(interval.kind.rawValue), Double(interval.microBatch ?? -1), interval.start, interval.end]
        }
        return numbers
    }

    /// The timeline `encoded` described; nil for numbers that are not one.
    public init?(encoded numbers: [Double]) {
        let kinds = Kind.allCases.count, header = 4 + 2 * kinds
        guard numbers.count >= header, (numbers.count - header) % 4 == 0 else { return nil }
        measuredSteps = Int(numbers[0])
        stepSeconds = numbers[1]
        busySeconds = numbers[2]
        latestStepStart = numbers[3]
        secondsByKind = Array(numbers[4..<4 + kinds])
        countByKind = numbers[4 + kinds..<header].map { Int($0) }
        for offset in stride(from: header, to: numbers.count, by: 4) {
            guard let kind = Kind(rawValue: Int(numbers[offset])) else { return nil }
            let microBatch = Int(numbers[offset + 1])
            latestStep.append(Interval(kind: kind, microBatch: microBatch < 0 ? nil : microBatch,
                                       start: numbers[offset + 2], end: numbers[offset + 3]))
        }
        steps = measuredSteps + 1
    }
}
