import Chapters
import Testing
@testable import workbook

/// `workbook fine-tuning`: the full budget by default, a timing run's overrides only with --train.
struct FineTuningCommandTests {
    @Test func theBudgetAndItsOverrides() throws {
        #expect(try FineTuningCommand.parse([]).options.budget == .full)
        #expect(try FineTuningCommand.parse(["--quick"]).options.budget == .quick)
        let timing = try FineTuningCommand.parse(["--train", "--k", "100,1000", "--seeds", "0", "--pretraining-fit-images", "2000"]).options
        #expect(timing.budget.ks == [100, 1000] && timing.budget.seeds == [0] && timing.budget.pretrainingFitLimit == 2000)
        #expect(timing.budget != .full)  // its results are not read back as the full experiment's
    }

    /// (Parsing validates; the options are checked here as the command checks them.)
    @Test func badCombinationsAreOneLineErrors() throws {
        var options = FineTuningOptions()
        (options.train, options.quick) = (true, true)
        #expect(throws: OptionError("--train and --quick exclude each other: --quick trains the quick budget, --train the full one")) {
            try options.validate()
        }
        (options.train, options.quick, options.ks) = (false, false, [5])
        #expect(throws: OptionError("--k, --seeds and --pretraining-fit-images change the experiment: they go with --train")) {
            try options.validate()
        }
        (options.train, options.ks) = (true, FineTuningCommand.integers("five"))
        #expect(throws: OptionError("--k must list images per class between 1 and 4000, got [-1]")) { try options.validate() }
        #expect(throws: (any Error).self) { try FineTuningCommand.parse(["--k", "5"]) }
    }
}
