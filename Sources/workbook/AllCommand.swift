import ArgumentParser
import Chapters

struct AllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every implemented chapter, then check the errata (`make workbook` = `workbook all --quick`).")

    @Flag(help: "Shorten the long runs (fewer epochs).")
    var quick = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let steps = Workbook.implementedSteps
        for chapter in ChapterRunner.implementedChapters(steps) {
            try ChapterRunner.runChapter(chapter, steps: steps, quick: quick,
                                         plotsRoot: output.plotsRoot(quick: quick), recordsRoot: output.recordsRoot)
        }
        print()
        print(Errata.report(implemented: steps))
    }
}
