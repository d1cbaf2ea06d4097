import Testing
import Datasets
@testable import Chapters

/// §3.2's audit functions on a small synthetic set whose duplicates are known by construction.
struct DataAuditTests {
    /// Gray 2×1 images given by their two bytes.
    static func images(_ pixels: [[UInt8]], labels: [Int]) -> LabeledImages {
        LabeledImages(width: 2, height: 1, channels: 1, pixels: pixels.flatMap { $0 }, labels: labels,
                      classNames: ["a", "b", "c"])
    }

    // train: 0 = [1,2] a, 1 = [3,4] b, 2 = [1,2] a, 3 = [5,6] c, 4 = [3,4] c, 5 = [1,2] a, 6 = [9,9] b
    static let train = images([[1, 2], [3, 4], [1, 2], [5, 6], [3, 4], [1, 2], [9, 9]], labels: [0, 1, 0, 2, 2, 0, 1])
    // test: 0 = [5,6] c (in train as 3, same label), 1 = [7,7] a (new), 2 = [3,4] a (in train as 1 and 4, other labels)
    static let test = images([[5, 6], [7, 7], [3, 4]], labels: [2, 0, 0])

    @Test func duplicateGroupsAreTheRepeatedImages() {
        #expect(DataAudit.duplicateGroups(Self.train) == [[0, 2, 5], [1, 4]])
        #expect(DataAudit.duplicateGroups(Self.test) == [])
    }

    @Test func conflictingLabelsAreFound() {
        // [0, 2, 5] all carry "a"; [1, 4] carry "b" and "c".
        #expect(DataAudit.conflictingGroups(DataAudit.duplicateGroups(Self.train), labels: Self.train.labels) == [[1, 4]])
    }

    @Test func crossDuplicatesNameTheTrainingCopies() {
        let cross = DataAudit.crossDuplicates(of: Self.test, in: Self.train)
        #expect(cross.map(\.other) == [0, 2])
        #expect(cross.map(\.copies) == [[3], [1, 4]])
    }

    @Test func classCountsAndChannelStatistics() {
        #expect(DataAudit.classCounts(Self.train) == [3, 2, 2])
        // Test bytes 5, 6, 7, 7, 3, 4: Σb = 32, Σb² = 25 + 36 + 49 + 49 + 9 + 16 = 184, n = 6.
        // mean = 32/(255·6), std = √(184/(255²·6) − mean²) = √(184·6 − 32²)/(255·6) = √80/1530.
        let statistics = ChannelStatistics(of: Self.test)
        // Tolerance: a few roundings of numbers of order 0.02 in Double.
        #expect(abs(statistics.mean[0] - 32.0 / 1530) < 1e-15)
        #expect(abs(statistics.std[0] - 80.0.squareRoot() / 1530) < 1e-15)
    }
}
