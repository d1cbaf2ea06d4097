/// The record a step leaves next to its charts (`run.json`): what ran, with which parameters, on what machine
/// and build, how long it took, and the results it printed. Training chapters add one `EpochRecord` per epoch.
public struct RunRecord: Codable, Sendable {
    /// The subcommand, e.g. "adam".
    public var command: String
    /// The article section, e.g. "4.2 优化算法：Adam".
    public var section: String
    public var parameters: [String: RecordValue] = [:]
    /// The seed of every random choice, when the step makes any.
    public var seed: UInt64?
    public var environment: RunEnvironment
    /// OpenBLAS threads, for steps whose numbers or speed depend on them.
    public var blasThreads: Int?
    /// ISO 8601, UTC.
    public var startedAt: String
    public var wallTimeSeconds: Double = 0
    /// The process's peak resident memory when the record was written (getrusage's ru_maxrss), in MiB.
    public var peakResidentMiB: Double?
    /// Named results, as printed.
    public var results: [String: RecordValue] = [:]
    /// Metrics per epoch, for training chapters.
    public var epochs: [EpochRecord] = []
    /// Chart files written, relative to the record's folder.
    public var charts: [String] = []
}

/// The metrics of one training epoch, e.g. ["train loss": 0.41, "test accuracy": 0.87].
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var metrics: [String: Double]
    public var seconds: Double?

    public init(epoch: Int, metrics: [String: Double], seconds: Double? = nil) {
        self.epoch = epoch
        self.metrics = metrics
        self.seconds = seconds
    }
}

/// A JSON value in a record: a number, an integer, text, a flag or a list of them.
public enum RecordValue: Codable, Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case number(Double)
    case integer(Int)
    case text(String)
    case flag(Bool)
    case list([RecordValue])

    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let integer = try? container.decode(Int.self) { self = .integer(integer) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else { self = .list(try container.decode([RecordValue].self)) }
    }

    /// Non-finite numbers (a divergent run) are written as the strings "inf", "-inf", "nan": JSON has no such numbers.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number) where number.isFinite: try container.encode(number)
        case .number(let number): try container.encode("\(number)")
        case .integer(let integer): try container.encode(integer)
        case .text(let text): try container.encode(text)
        case .flag(let flag): try container.encode(flag)
        case .list(let list): try container.encode(list)
        }
    }
}
