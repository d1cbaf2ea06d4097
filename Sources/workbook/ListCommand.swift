import ArgumentParser
import Chapters

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every chapter and step, with its article section and whether it is implemented yet.")

    func run() {
        print(ChapterRunner.listing(implemented: Workbook.implementedSteps))
    }
}
