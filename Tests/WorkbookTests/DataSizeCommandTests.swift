import Chapters
import Testing
@testable import workbook

/// `workbook data-size`: the full budget by default, the quick one with --quick, bad combinations as one line.
struct DataSizeCommandTests {
    @Test func theBudgets() throws {
        #expect(try DataSizeCommand.parse([]).options.budget == .full)
        #expect(try DataSizeCommand.parse(["--train"]).options.budget == .full)
        #expect(try DataSizeCommand.parse(["--quick"]).options.budget == .quick)
    }

    @Test func badCombinationsAreOneLineErrors() throws {
        var options = DataSizeOptions()
        (options.train, options.quick) = (true, true)
        #expect(throws: OptionError("--train and --quick exclude each other: --quick trains the quick budget, --train the full one")) {
            try options.validate()
        }
        (options.train, options.records) = (false, "/no/such/folder")
        #expect(throws: OptionError("--records /no/such/folder: no such folder")) { try options.validate() }
        #expect(throws: (any Error).self) { try DataSizeCommand.parse(["--threads", "0"]) }
    }
}
