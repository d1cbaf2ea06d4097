import ArgumentParser
import Chapters

struct ErrataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errata",
        abstract: "Every known error of the article, each checked live by the step that demonstrates it.",
        discussion: """
            Lists the errata of the article (Chapters/README.md). For each, the step that computes it evaluates the article's value \
            against the correct one now; errata whose step does not exist yet are listed as pending.
            """)

    func run() {
        print(Errata.report(implemented: Workbook.implementedSteps))
    }
}
