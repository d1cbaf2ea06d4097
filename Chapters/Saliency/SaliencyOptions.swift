import Foundation
import Datasets
import DeepLearning

/// The options of `workbook saliency`: the trained model's recipe (epochs and seed of §5.2.3's recipe), the
/// kernel threads, the data; `--quick` (CI) trains 10 steps on 640 images and explains images of a small test set.
public struct SaliencyOptions: StepOptions, Equatable {
    public var quick = false
    /// Epochs of §5.2.3's recipe for the explained model: 2 (about 90% test accuracy in about 3 minutes on 2
    /// cores), chosen so that the whole step stays within 5 minutes; the 10 of §5.2.3 would take 15.
    public var epochs = 2
    /// The seed of the trained model's weights and shuffle (§5.2.3's seed 0).
    public var seed: UInt64 = 0
    /// Kernel workers (each calling OpenBLAS with one thread).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var dataDirectory = FashionMNIST.defaultDirectory
    public init() {}

    /// A quick run's sizes: 640 fit images (10 steps of 64), 320 validation and 1,000 test images.
    static let quickFitImages = 640, quickValidationImages = 320, quickTestImages = 1000

    public static var quickRun: SaliencyOptions {
        var options = SaliencyOptions()
        (options.quick, options.epochs) = (true, 1)
        return options
    }

    /// The randomised model's seed: a different one from the trained model's, declared here.
    var randomSeed: UInt64 { seed + 1 }

    /// SmoothGrad's settings: σ = 15% of the normalised input's range (the paper's 10–20%), n = 50 as in the
    /// paper (8 in a quick run); occlusion: a 6×6 patch (a fifth of the image's side: a sleeve, a collar) with
    /// stride 2, 144 positions, filled with the data set's mean gray (0 after normalisation, Zeiler & Fergus's
    /// gray square); Grad-CAM on relu2, layer 4 of the article's CNN (conv2's rectified maps at 14×14).
    func settings(inputRange: Double) -> SaliencyMaps.Settings {
        SaliencyMaps.Settings(smoothGrad: SmoothGrad(noiseStandardDeviation: 0.15 * inputRange, samples: quick ? 8 : 50),
                              occlusion: Occlusion(patchSize: 6, stride: 2, fill: 0), gradCAMLayer: 4, noiseSeed: seed)
    }

    public func validate() throws {
        guard (1...20).contains(epochs) else { throw OptionError("--epochs must be between 1 and 20, got \(epochs)") }
        guard (1...256).contains(threads) else { throw OptionError("--threads must be between 1 and 256, got \(threads)") }
    }
}
