import ArgumentParser
import Chapters

/// `workbook training-time`: §9.3 from the records, or `--train` one full run of a precision mode.
struct TrainingTimeCommand: OptionsCommand {
    typealias Step = TrainingTimeStep
    static let configuration = stepConfiguration()

    @Flag(help: "Train every mode for one epoch of 640 images and report those runs (CI).")
    var quick = false
    @Flag(help: "Train one full run of --mode from --seed and record it in <plots>/9.3-training-time/runs/<mode>/seed-N/.")
    var train = false
    @Option(parsing: .unconditional,
            help: ArgumentHelp("The precision mode to train: \(PrecisionMode.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "mode"))
    var mode: String?
    @Option(parsing: .unconditional, help: "Seed of the initial weights and the shuffle (declared: 0, 1, 2).")
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Epochs of a full run (the recorded runs' length; the report reads runs of this length).")
    var epochs = TrainingTimeOptions.fullEpochs
    @Option(parsing: .unconditional, help: "Threads: kernel workers that split each batch, each calling OpenBLAS with one thread.")
    var threads = TrainingTimeOptions().threads
    @OptionGroup var data: DataSetOption
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let mode, PrecisionMode(rawValue: mode) == nil {
            throw ValidationError("unknown --mode \"\(mode)\"; modes: " + PrecisionMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        do { try options.validate() } catch let error as OptionError { throw ValidationError(error.description) }
    }

    var options: TrainingTimeOptions {
        var options = TrainingTimeOptions()
        (options.quick, options.train, options.seed, options.epochs) = (quick, train, seed, epochs)
        options.mode = mode.flatMap(PrecisionMode.init(rawValue:))
        (options.threads, options.dataDirectory) = (threads, data.dataDirectory)
        return options
    }
}
