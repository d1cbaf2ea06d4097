import Testing
@testable import Datasets

@Suite struct StatisticsTests {
    /// Two 1×2 RGB images: channel R holds 0, 255, 255, 0 → mean ½, std ½; G holds 51 everywhere → mean 0.2,
    /// std 0; B holds 0, 0, 0, 255 → mean ¼, std √(¼ − ¹⁄₁₆) = √3/4.
    @Test func channelStatisticsClosedForm() throws {
        let images = LabeledImages(width: 2, height: 1, channels: 3,
                                   pixels: [0, 51, 0, 255, 51, 0, 255, 51, 0, 0, 51, 255],
                                   labels: [0, 1], classNames: ["x", "y"])
        let statistics = try ChannelStatistics(of: images)
        // Means are exact quotients of small integers; one rounding each (≤ 1 ulp of values ≤ 1: 2.3e-16 → 1e-15).
        #expect(zip(statistics.mean, [0.5, 0.2, 0.25]).allSatisfy { abs($0 - $1) <= 1e-15 })
        #expect(zip(statistics.std, [0.5, 0, 3.0.squareRoot() / 4]).allSatisfy { abs($0 - $1) <= 1e-15 })
    }

    @Test func classBalance() {
        let images = LabeledImages(width: 1, height: 1, channels: 1, pixels: [1, 2, 3, 4, 5],
                                   labels: [2, 0, 2, 2, 0], classNames: ["a", "b", "c"])
        #expect(classCounts(images) == [2, 0, 3])
    }

    /// Train: images 0 and 2 identical (labels agree), 3 and 4 identical (labels conflict). Test: image 0 equals
    /// train image 1, test 1 and 2 equal each other; test 3 is unique.
    @Test func duplicates() throws {
        let train = LabeledImages(width: 2, height: 1, channels: 1, pixels: [1, 1, 2, 2, 1, 1, 3, 3, 3, 3],
                                  labels: [0, 1, 0, 1, 2], classNames: ["a", "b", "c"])
        let test = LabeledImages(width: 2, height: 1, channels: 1, pixels: [2, 2, 4, 4, 4, 4, 5, 5],
                                 labels: [1, 0, 0, 2], classNames: ["a", "b", "c"])
        let groups = try DuplicateFinder.groups(in: [("train", train), ("test", test)])
        #expect(groups.map { $0.members.map { "\($0.split)\($0.index)" } }
                == [["train0", "train2"], ["train1", "test0"], ["train3", "train4"], ["test1", "test2"]])
        #expect(groups.map(\.hasConflictingLabels) == [false, false, true, false])
        // Counted by hand from the comment above.
        let summary = DuplicateSummary(groups)
        #expect(summary.groupsWithinTrain == 2 && summary.redundantTrainImages == 2)
        #expect(summary.groupsWithinTest == 1 && summary.redundantTestImages == 1)
        #expect(summary.groupsAcrossSplits == 1 && summary.testImagesAlsoInTrain == 1)
        #expect(summary.groupsWithConflictingLabels == 1)
    }

    /// Images of the same bytes but a different shape are not duplicates.
    @Test func shapeIsPartOfIdentity() throws {
        let wide = LabeledImages(width: 2, height: 1, channels: 1, pixels: [7, 7], labels: [0], classNames: ["a"])
        let tall = LabeledImages(width: 1, height: 2, channels: 1, pixels: [7, 7], labels: [0], classNames: ["a"])
        #expect(try DuplicateFinder.groups(in: [("wide", wide), ("tall", tall)]).isEmpty)
    }
}
