import ArgumentParser
import Datasets
import Foundation
import Testing
@testable import bench

/// `bench epochs`: its arithmetic against hand-computed figures, its command line, and a quick form that runs the
/// real pipeline on a few images. No timing is asserted: the figures here are made up or only counted.
struct EpochBenchTests {
    /// A round with a step of 1,000 img/s and two epochs: 5,000 images in 10 s (1 s waiting, 2 s evaluating) and
    /// 5,000 in 8 s (0.2 s, 3 s).
    static let round = EngineRound(
        round: 1, stepImagesPerSecond: 1000,
        epochs: [EpochTiming(epoch: 1, images: 5000, trainingSeconds: 10, loaderWaitSeconds: 1, evaluationSeconds: 2),
                 EpochTiming(epoch: 2, images: 5000, trainingSeconds: 8, loaderWaitSeconds: 0.2, evaluationSeconds: 3)],
        stepClock: ClockReading(before: nil, after: nil), epochsClock: ClockReading(before: nil, after: nil))

    /// By hand: 500 and 625 img/s, so 50% and 62.5% of the step; together 10,000 images in 18 s = 555.5… img/s,
    /// 10/18 of the step; 1.2 s of 18 waiting = 1/15; evaluation (2 + 3)/2 = 2.5 s; last over first 625/500 = 1.25.
    /// The tolerance is a few ulps of the divisions (each figure is one or two of them).
    @Test func aRoundsFiguresAreTheHandComputedOnes() throws {
        let round = Self.round
        #expect(round.epochs.map(\.imagesPerSecond) == [500, 625])
        #expect(round.epochRatios == [0.5, 0.625])
        #expect(abs(try #require(round.wholeEpochImagesPerSecond) - 10_000.0 / 18) < 1e-12)
        #expect(abs(try #require(round.ratio) - 10.0 / 18) < 1e-15)
        #expect(abs(try #require(round.loaderWaitShare) - 1.0 / 15) < 1e-15)
        #expect(round.evaluationSeconds == 2.5)
        #expect(round.trend == 1.25)
    }

    /// Three rounds whose ratios are 10/18, 0.95 and 0.9 (the step's figure lowered to make them): the median is 0.9, the
    /// target exactly, which counts as met; an even count takes the mean of the middle two.
    @Test func roundsSummariseAsMediansWithRanges() throws {
        var faster = Self.round, fastest = Self.round
        faster.round = 2
        faster.stepImagesPerSecond = 10_000.0 / 18 / 0.95
        fastest.round = 3
        fastest.stepImagesPerSecond = 10_000.0 / 18 / 0.9
        let summary = EngineSummary(engine: "ours", rounds: [Self.round, faster, fastest])
        let ratio = try #require(summary.ratio)
        #expect(abs(ratio.median - 0.9) < 1e-15 && abs(ratio.low - 10.0 / 18) < 1e-15 && abs(ratio.high - 0.95) < 1e-15)
        #expect(summary.meetsTarget == true)
        #expect(summary.step?.high == 1000)
        #expect(summary.trend == Spread(median: 1.25, low: 1.25, high: 1.25))
        #expect(Spread([4, 1, 3, 2]) == Spread(median: 2.5, low: 1, high: 4))
        #expect(Spread([]) == nil)
        // Without a step figure (PyTorch's run failed) there is no ratio and no verdict.
        var failed = Self.round
        failed.stepImagesPerSecond = nil
        #expect(EngineSummary(engine: "PyTorch", rounds: [failed]).meetsTarget == nil)
    }

    @Test func theClockIsTheMeanOfTheCoresLines() {
        let cpuInfo = "processor\t: 0\ncpu MHz\t\t: 2000.5\nflags\t: fma\nprocessor\t: 1\ncpu MHz\t\t: 3000.5\n"
        #expect(currentCPUMegahertz(cpuInfo: cpuInfo) == 2500.5)
        #expect(currentCPUMegahertz(cpuInfo: "processor\t: 0\n") == nil)
    }

    /// The twin's RESULT line, as pytorch_train_reference.py prints it (its other fields ignored); one without the
    /// timing fields (an older script) is refused rather than read as zeros.
    @Test func pytorchsResultLineIsRead() throws {
        let output = """
            epoch 1: loss 1.6316  val 54.50%  test 53.00%  10 steps  27.9 s (23 img/s)
            RESULT {"seed": 0, "epochs": [{"epoch": 1, "loss": 1.63, "val": 54.5, "test": 53.0, "seconds": 27.5, "steps": 10, "images": 640, "images_per_second": 23.3, "loader_seconds": 0.25, "eval_seconds": 3.5}], "peak_rss_mib": 766.0}
            """
        #expect(PyTorchEpochs.timings(fromOutput: output)
                == [EpochTiming(epoch: 1, images: 640, trainingSeconds: 27.5, loaderWaitSeconds: 0.25, evaluationSeconds: 3.5)])
        #expect(PyTorchEpochs.timings(fromOutput: #"RESULT {"epochs": [{"epoch": 1, "images": 64, "seconds": 1}]}"#) == nil)
        #expect(PyTorchEpochs.timings(fromOutput: "no result") == nil)
    }

    @Test func theCommandLineParsesIntoSettings() throws {
        let command = try #require(try Bench.parseAsRoot(["epochs", "--rounds", "4", "--epochs", "1", "--threads", "1",
                                                          "--steps", "7", "--report", "Plots/bench"]) as? Epochs)
        #expect(command.settings == EpochSettings(rounds: 4, epochs: 1, threads: 1, producers: 1, fitImages: 55_000,
                                                  evaluationImages: nil, seed: 0, steps: 7, repeats: 3, warmup: 5,
                                                  maximumSteps: nil, pytorch: true))
        #expect(command.report == "Plots/bench")
        #expect(try #require(try Bench.parseAsRoot(["epochs"]) as? Epochs).settings.rounds == 3)
        // Without a subcommand the bench is still `make bench`'s step benchmark, with its own --rounds and --report.
        let steps = try #require(try Bench.parseAsRoot(["--rounds", "2", "--report", "Plots/bench"]) as? Steps)
        #expect(steps.rounds == 2 && steps.report == "Plots/bench")
        for bad in [["--rounds", "0"], ["--steps", "0"], ["--warmup", "-1"], ["--fit-images", "60000"], ["--eval-images", "0"], ["--producers", "-1"]] {
            #expect(throws: (any Error).self) { try Bench.parseAsRoot(["epochs"] + bad) }
        }
        let help = Epochs.helpMessage(columns: 1000)
        for option in ["--rounds", "--epochs", "--threads", "--producers", "--fit-images", "--report", "loader"] {
            #expect(help.contains(option))
        }
    }

    /// The loader clock hands the loader's batches on unchanged and counts their images: 5 images in batches of 2
    /// are 2 + 2 + 1.
    @Test func theLoaderClockPassesBatchesThrough() throws {
        let images = LabeledImages(width: 2, height: 2, channels: 1, pixels: (0..<20).map { UInt8($0 * 10) },
                                   labels: [0, 1, 0, 1, 1], classNames: ["a", "b"])
        let loader = DataLoader(images, batchSize: 2, shuffle: true, seed: 3, producers: 1)
        let clock = LoaderWaitClock(loader)
        var timed = clock.batches(epoch: 1)
        let plain = loader.batches(epoch: 1)
        var counts: [Int] = []
        while let batch = try timed.next() {
            let expected = try #require(try plain.next())
            #expect(batch.images.scalars == expected.images.scalars && batch.labels == expected.labels)
            counts.append(batch.labels.count)
        }
        #expect(try plain.next() == nil)
        #expect(counts == [2, 2, 1] && clock.totals.images == 5)
        #expect(clock.totals.seconds >= 0)
    }

    /// The whole mode on 128 fit images and 64 evaluation images, 2 epochs, 1 round, without PyTorch: every epoch
    /// trains the 128 images (2 steps), the loader's wait lies inside the training loop, and --report writes both
    /// files, whose JSON reads back as what was measured.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory)))
    func aQuickRunMeasuresAndWrites() throws {
        let settings = EpochSettings(rounds: 1, epochs: 2, threads: 1, producers: 1, fitImages: 128, evaluationImages: 64,
                                     seed: 0, steps: 1, repeats: 1, warmup: 0, maximumSteps: nil, pytorch: false)
        let report = try measureEpochs(settings, pytorch: false, progress: false)
        #expect(report.ours.count == 1 && report.pytorch.isEmpty && report.summaries.map(\.engine) == ["ours"])
        let epochs = report.ours[0].epochs
        #expect(epochs.map(\.epoch) == [1, 2] && epochs.map(\.images) == [128, 128])
        #expect(epochs.allSatisfy { $0.loaderWaitSeconds <= $0.trainingSeconds && $0.evaluationSeconds > 0 })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("epoch-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try report.write(to: directory) == ["epochs.json", "EPOCHS.md"])
        let decoded = try JSONDecoder().decode(EpochsReport.self, from: Data(contentsOf: directory.appendingPathComponent("epochs.json")))
        #expect(decoded.ours == report.ours && decoded.settings == settings)
        let markdown = try String(contentsOf: directory.appendingPathComponent("EPOCHS.md"), encoding: .utf8)
        #expect(markdown.contains("| ours |") && markdown.contains("Not measured"))
    }
}
