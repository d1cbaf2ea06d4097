import Foundation

/// One whole epoch of one engine, and where its wall time went.
struct EpochTiming: Codable, Equatable {
    /// 1-based.
    var epoch: Int
    /// Images trained (the fit set, or fewer when the epoch was cut short).
    var images: Int
    /// Wall time of the training loop: from asking the loader for the epoch's batches to the last step's update.
    var trainingSeconds: Double
    /// The part of `trainingSeconds` the training thread spent inside the loader (ours: `LoaderWaitClock`;
    /// PyTorch's twin: drawing the order and gathering each batch from the in-memory tensors).
    var loaderWaitSeconds: Double
    /// The validation and test forward passes after the epoch (not part of `trainingSeconds`).
    var evaluationSeconds: Double

    var imagesPerSecond: Double { Double(images) / trainingSeconds }
}

/// The CPU's clock around one part of a round: the mean "cpu MHz" of /proc/cpuinfo's cores before and after it
/// (nil where the kernel does not report one). A sustained load that pulls the clock down shows as after < before.
struct ClockReading: Codable, Equatable {
    var before: Double?
    var after: Double?

    /// Reads the clock before `body` and after it.
    static func around<Result>(_ body: () throws -> Result) rethrows -> (Result, ClockReading) {
        let before = currentCPUMegahertz()
        let result = try body()
        return (result, ClockReading(before: before, after: currentCPUMegahertz()))
    }
}

/// The mean of /proc/cpuinfo's "cpu MHz" lines (one per logical core), or nil when it has none.
func currentCPUMegahertz(cpuInfo: String? = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) -> Double? {
    let values = (cpuInfo ?? "").split(separator: "\n").filter { $0.hasPrefix("cpu MHz") }
        .compactMap { $0.split(separator: ":", maxSplits: 1).last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
    return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
}

/// One engine in one round: its training step's steady speed, then its whole epochs.
struct EngineRound: Codable, Equatable {
    var round: Int
    /// Images per second of the step on a fixed batch (nil where the measurement failed).
    var stepImagesPerSecond: Double?
    /// Empty where the run failed.
    var epochs: [EpochTiming]
    var stepClock: ClockReading
    var epochsClock: ClockReading

    /// Each epoch's training images/s over the step's: the criterion of issue 14 is ≥ `EpochsReport.target`.
    var epochRatios: [Double] {
        guard let step = stepImagesPerSecond else { return [] }
        return epochs.map { $0.imagesPerSecond / step }
    }
    /// All the round's epochs as one: images over training seconds.
    var wholeEpochImagesPerSecond: Double? {
        epochs.isEmpty ? nil : Double(epochs.reduce(0) { $0 + $1.images }) / epochs.reduce(0) { $0 + $1.trainingSeconds }
    }
    /// The round's whole-epoch speed over its step speed.
    var ratio: Double? {
        guard let step = stepImagesPerSecond, let whole = wholeEpochImagesPerSecond else { return nil }
        return whole / step
    }
    /// The share of the round's training seconds spent waiting in the loader.
    var loaderWaitShare: Double? {
        epochs.isEmpty ? nil : epochs.reduce(0) { $0 + $1.loaderWaitSeconds } / epochs.reduce(0) { $0 + $1.trainingSeconds }
    }
    /// Mean evaluation seconds per epoch.
    var evaluationSeconds: Double? {
        epochs.isEmpty ? nil : epochs.reduce(0) { $0 + $1.evaluationSeconds } / Double(epochs.count)
    }
    /// The last epoch's images/s over the first's (< 1: the epochs slowed down as the run went on).
    var trend: Double? {
        guard let first = epochs.first, let last = epochs.last else { return nil }
        return last.imagesPerSecond / first.imagesPerSecond
    }
}

/// The median of some figures with their lowest and highest.
struct Spread: Codable, Equatable {
    var median: Double
    var low: Double
    var high: Double

    /// nil for no values.
    init?(_ values: [Double]) {
        guard let low = values.min(), let high = values.max() else { return nil }
        self.init(median: bench.median(values), low: low, high: high)
    }

    init(median: Double, low: Double, high: Double) {
        (self.median, self.low, self.high) = (median, low, high)
    }
}

/// One engine's rounds summarised: each figure's median over the rounds, with the range.
struct EngineSummary: Codable, Equatable {
    var engine: String
    var step: Spread?
    var wholeEpoch: Spread?
    var ratio: Spread?
    var loaderWaitShare: Spread?
    var evaluationSeconds: Spread?
    var trend: Spread?
    /// The median ratio against `EpochsReport.target` (nil without a ratio).
    var meetsTarget: Bool?

    init(engine: String, rounds: [EngineRound]) {
        self.engine = engine
        step = Spread(rounds.compactMap(\.stepImagesPerSecond))
        wholeEpoch = Spread(rounds.compactMap(\.wholeEpochImagesPerSecond))
        ratio = Spread(rounds.compactMap(\.ratio))
        loaderWaitShare = Spread(rounds.compactMap(\.loaderWaitShare))
        evaluationSeconds = Spread(rounds.compactMap(\.evaluationSeconds))
        trend = Spread(rounds.compactMap(\.trend))
        meetsTarget = ratio.map { $0.median >= EpochsReport.target }
    }
}
