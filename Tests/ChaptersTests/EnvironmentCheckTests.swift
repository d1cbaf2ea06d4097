import Foundation
import Testing
@testable import Chapters

/// §5.1: the package list matches the Makefile, and erratum 7's experiment behaves as a shell does.
struct EnvironmentCheckTests {
    @Test func packageListIsTheMakefiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let makefile = try String(contentsOf: root.appendingPathComponent("Makefile"), encoding: .utf8)
        // APT_PACKAGES := a b \ (continued on tab-indented lines)
        guard let start = makefile.range(of: "APT_PACKAGES :=") else { Issue.record("no APT_PACKAGES in the Makefile"); return }
        var words: [String] = []
        for line in makefile[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            words += line.split(separator: " ").map(String.init).filter { $0 != "\\" && !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }
            if !line.hasSuffix("\\") { break }
        }
        #expect(words == EnvironmentCheck.debianPackages)
    }

    @Test func pathEntriesMustBeDirectories() {
        let experiment = EnvironmentCheck.pathExperiment()
        #expect(experiment.viaFile == nil)
        #expect(experiment.viaDirectory == experiment.file)
        #expect(EnvironmentStep.errataChecks.map(\.erratum) == [7])
        #expect(EnvironmentStep.errataChecks[0].evaluate().confirmed)
        #expect(EnvironmentCheck.kind(of: "/") == .directory)
        #expect(EnvironmentCheck.kind(of: #filePath) == .file)
    }
}
