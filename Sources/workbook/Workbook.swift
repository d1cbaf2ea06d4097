import ArgumentParser
import Chapters

@main
struct Workbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every computable section of the article, executed with real numbers.")
}
