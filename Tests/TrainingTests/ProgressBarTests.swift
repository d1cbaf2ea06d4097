import Testing
@testable import Training

@Suite("ProgressBar")
struct ProgressBarTests {
    /// 412 of 860 batches of 64 images in 20.5 s: the bar is ⌊412·20/860⌋ = 9 cells full; the rate is
    /// 412·64/20.5 = 1,286.2 → "1,286 img/s"; the remaining 448 batches at 20.5/412 s each take 22.3 s → "0:22".
    @Test func lineShowsCountsRateAndETA() {
        let line = ProgressBar.line(label: "epoch 3/10", done: 412, total: 860, width: 20, elapsed: 20.5,
                                    unitsPerStep: 64, unitName: "img", status: "loss 0.3121")
        #expect(line == "epoch 3/10 [█████████░░░░░░░░░░░] 412/860  loss 0.3121  1,286 img/s  ETA 0:22")
    }

    /// When done, the ETA gives way to the total time; counts are padded to the width of the total. Slower than
    /// one item a second the rate is seconds per item: 3,725 s for 10 → 372.5 → "373 s/it".
    @Test func finishedLineShowsTotalTime() {
        let line = ProgressBar.line(label: "eval", done: 5, total: 10, width: 4, elapsed: 3, unitsPerStep: 1,
                                    unitName: "it", status: "")
        #expect(line == "eval [██░░]  5/10  2 it/s  ETA 0:03")
        let done = ProgressBar.line(label: "eval", done: 10, total: 10, width: 4, elapsed: 3725, unitsPerStep: 1,
                                    unitName: "it", status: "")
        #expect(done == "eval [████] 10/10  373 s/it  in 1:02:05")
    }

    @Test func clockFormats() {
        #expect(ProgressBar.clock(59.4) == "0:59")
        #expect(ProgressBar.clock(61) == "1:01")
        #expect(ProgressBar.clock(3600) == "1:00:00")
    }
}
