import ArgumentParser
import Chapters

struct ChapterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chapter",
        abstract: "Run every implemented step of one article section (e.g. `workbook chapter 4`: §4.1, §4.2, §4.4).")

    @Argument(help: "The article's top-level section number.")
    var number: Int

    @Flag(help: "Shorten the long runs (fewer epochs).")
    var quick = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard WorkbookPlan.chapters.contains(number) else {
            throw ValidationError("chapter \(number): the article's section \(number) has nothing to compute; chapters: "
                                  + WorkbookPlan.chapters.map(String.init).joined(separator: ", "))
        }
    }

    func run() throws {
        try ChapterRunner.runChapter(number, steps: Workbook.implementedSteps, quick: quick,
                                         plotsRoot: output.plotsRoot(quick: quick), recordsRoot: output.recordsRoot)
    }
}
