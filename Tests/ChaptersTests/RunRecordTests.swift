import Foundation
import Testing
@testable import Chapters

/// The run record a step leaves beside its charts.
struct RunRecordTests {
    @Test func aRunWritesItsRecordWithEnvironmentParametersAndEpochs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("run-record-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try ChapterRunner.run(GradientDescentStep.self, plotsRoot: root.path) { context in
            context.parameter("learning rate", 0.01)
            context.seed(7)
            context.blasThreads(1)
            context.result("diverged", .number(.infinity))
            context.epoch(EpochRecord(epoch: 1, metrics: ["train loss": 0.5], seconds: 2))
        }
        let data = try Data(contentsOf: root.appendingPathComponent("4.1-gradient-descent/run.json"))
        let record = try JSONDecoder().decode(RunRecord.self, from: data)
        #expect(record.command == "gradient-descent" && record.section == "4.1 梯度下降（Gradient Descent）")
        #expect(record.parameters["learning rate"] == .number(0.01) && record.seed == 7 && record.blasThreads == 1)
        #expect(record.epochs == [EpochRecord(epoch: 1, metrics: ["train loss": 0.5], seconds: 2)])
        #expect(record.environment.logicalCores >= 1 && !record.environment.cpuModel.isEmpty)
        #expect(record.wallTimeSeconds >= 0)
        // JSON has no infinity: a divergent result is written as the string "inf".
        #expect(record.results["diverged"] == .text("inf"))
    }

    @Test func quickRunsWriteApartFromTheCommittedFullRuns() throws {
        #expect(PlotsFolder.root(explicit: nil, quick: false) == "Plots")
        #expect(PlotsFolder.root(explicit: nil, quick: true) == "Plots/quick")
        #expect(PlotsFolder.root(explicit: "/tmp/x", quick: true) == "/tmp/x")
        // A quick run still reads recorded runs from the committed folder, unless told another one.
        #expect(PlotsFolder.recordsRoot(explicit: nil) == "Plots")
        #expect(PlotsFolder.recordsRoot(explicit: "/tmp/x") == "/tmp/x")

        let root = FileManager.default.temporaryDirectory.appendingPathComponent("run-roots-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let quick = root.appendingPathComponent("quick"), records = root.appendingPathComponent("full")
        var seen: URL?
        try ChapterRunner.run(GradientDescentStep.self, plotsRoot: quick.path, recordsRoot: records.path) { context in
            seen = context.recordsRoot
        }
        #expect(seen?.path == records.path)
        #expect(FileManager.default.fileExists(atPath: quick.appendingPathComponent("4.1-gradient-descent/run.json").path))
        #expect(!FileManager.default.fileExists(atPath: records.path))
    }
}

/// The commit in a run record is the build's (the BuildCommit plugin writes it at build time): this test target is
/// built from a git checkout, so it is a full hash, "-dirty" when the build had uncommitted changes. A plugin that
/// stopped running would fail to compile; one that wrote the wrong text fails here.
@Test func theRecordedCommitIsTheBuildsFullHash() throws {
    let commit = try #require(RunEnvironment.current().gitCommit)
    let hash = commit.hasSuffix("-dirty") ? String(commit.dropLast("-dirty".count)) : commit
    #expect(hash.count == 40 && hash.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(commit)")
}
