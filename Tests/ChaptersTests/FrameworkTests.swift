import Foundation
import Testing
@testable import Chapters

/// The plan, the errata and the registry agree with each other.
struct FrameworkTests {
    @Test func plannedCommandsAreUnique() {
        let commands = WorkbookPlan.steps.map(\.command)
        #expect(Set(commands).count == commands.count)
    }

    @Test func everyErratumNamesAPlannedStep() {
        for erratum in Errata.all {
            if let command = erratum.demonstratedBy {
                #expect(WorkbookPlan.step(named: command) != nil, "erratum \(erratum.number): \(command)")
            }
        }
        #expect(Errata.all.map(\.number) == Array(1...10))
    }

    @Test func stepsOnlyCheckErrataTheyDemonstrate() {
        for step in ErrataTests.implemented {
            #expect(WorkbookPlan.step(named: step.command)?.section == step.section)
            for check in step.errataChecks {
                #expect(Errata.all.first { $0.number == check.erratum }?.demonstratedBy == step.command)
            }
        }
    }

    @Test func unimplementedErrataArePendingNotChecked() {
        let implemented: [any ChapterStep.Type] = [GradientDescentStep.self]
        let statuses = Errata.all.map { Errata.status(of: $0, implemented: implemented) }
        guard case .checked(let evidence) = statuses[0] else { Issue.record("erratum 1 not checked"); return }
        #expect(evidence.confirmed)
        guard case .pending(command: "model-definition") = statuses[2] else { Issue.record("erratum 3 not pending"); return }
        guard case .notComputable = statuses[7] else { Issue.record("erratum 8 should be a citation"); return }
    }

    /// Chapters/README.md is the map a reader of the repository has: it must name every planned step with its
    /// section, and every erratum with its section and the step that shows it, as the code does.
    @Test func theChapterMapAgreesWithThePlanAndTheErrata() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Chapters/README.md")
        let rows = try String(contentsOf: readme, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("| ") }
        for step in WorkbookPlan.steps {
            let row = rows.first { $0.contains("| `\(step.command)`") }
            #expect(row?.contains(step.section.number) == true && row?.contains(step.section.title) == true, "\(step.command)")
        }
        for erratum in Errata.all {
            let sections = erratum.sections.map(\.number).joined(separator: ", ")
            let row = rows.first { $0.hasPrefix("| \(erratum.number) | \(sections) |") }
            #expect(row?.hasSuffix("| " + (erratum.demonstratedBy.map { "`\($0)`" } ?? "– (a citation)") + " |") == true,
                    "erratum \(erratum.number)")
        }
    }

    @Test func chapterNumbersComeFromSections() {
        #expect(ArticleSection.modelDefinition.chapter == 5)
        #expect(ArticleSection.gradientDescent.heading == "4.1 梯度下降（Gradient Descent）")
        #expect(GradientDescentStep.folderName == "4.1-gradient-descent")
        #expect(subscriptDigits(10) == "₁₀")
    }
}
