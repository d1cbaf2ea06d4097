/// One executable step of a chapter: it reproduces (part of) one article section, narrates every number it
/// computes, draws its charts and leaves a run record.
///
/// To add a step (see README.md, "Adding a chapter step"):
/// 1. one file in Chapters/ with a pure `compute` part (what tests pin) and a type conforming to `ChapterStep`
///    whose `command` is the step's name in `WorkbookPlan`;
/// 2. one file in Sources/workbook with a `StepCommand` (its options; for a `ConfigurableStep`, an
///    `OptionsCommand` only maps the parsed options onto the step's `Options`; a `DataStep` needs none, its
///    command is `DataStepCommand<Step>`);
/// 3. one line: that command type in `Workbook.configuration.subcommands`.
/// `workbook list`, `workbook chapter N`, `workbook all` and `workbook errata` then pick it up.
public protocol ChapterStep {
    /// The subcommand name (e.g. "gradient-descent"); it must be a `WorkbookPlan` command.
    static var command: String { get }
    /// The article section it reproduces; its chapter decides `workbook chapter N`.
    static var section: ArticleSection { get }
    /// One line: what it reproduces (shown by `--help` and `workbook list`).
    static var abstract: String { get }
    /// The longer `--help` text: what the article says, what is computed, which charts are drawn.
    static var discussion: String { get }
    /// The errata (`Errata.all`, listed in Chapters/README.md) this step demonstrates, each with a check computed live.
    static var errataChecks: [ErratumCheck] { get }
    /// Runs the step with its default options. `quick` shortens long runs (`workbook all --quick`).
    static func runWithDefaults(quick: Bool, in context: RunContext) throws
}

extension ChapterStep {
    public static var errataChecks: [ErratumCheck] { [] }
    /// The folder of its charts and run record, under the plots root: "4.1-gradient-descent".
    public static var folderName: String { "\(section.number)-\(command)" }
}

/// A step with its own options (what its subcommand parses): `run` takes them, `workbook chapter N` uses the
/// defaults through `runWithDefaults`.
public protocol ConfigurableStep: ChapterStep {
    associatedtype Options: StepOptions
    static func run(_ options: Options, in context: RunContext) throws
}

extension ConfigurableStep {
    /// The default options; a step whose long runs have a shorter `quick` form overrides this.
    public static func runWithDefaults(quick: Bool, in context: RunContext) throws {
        try run(Options(), in: context)
    }
}

/// A step's options, checked before anything runs.
public protocol StepOptions: Sendable {
    /// The defaults: the article's values where it gives them.
    init()
    /// Throws an `OptionError` naming the first bad option.
    func validate() throws
}

/// An option value a step cannot run with. The message is one line naming the option, e.g.
/// "--learning-rate must be a positive finite number, got -1.0".
public struct OptionError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
