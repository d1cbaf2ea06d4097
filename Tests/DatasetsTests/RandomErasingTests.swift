import Foundation
import Testing
import DeepLearning
@testable import Datasets

/// RandomErasing against torchvision 0.28 (transform_fixtures.json): its deterministic parts exactly, its draws
/// against a twin generator.
@Suite struct RandomErasingTests {
    /// The rectangle's size from an area fraction and torch's float32 log of the aspect ratio, for 288 pairs on
    /// three image sizes: the same h and w as torchvision's get_params, and no rectangle exactly when torchvision
    /// finds none; an off-by-one from rounding the wrong way, or a swapped h and w, fails.
    ///
    /// Our bounds' logarithms come from glibc's logf, which is correctly rounded; torch's vectorised log is
    /// within 1 ulp and misses it for some ratios (3.3: 1.1939225 against the correctly rounded 1.1939224). That
    /// moves the end of the ratio's range by 1e-7 relative, nothing a draw from another generator could notice.
    @Test func rectangleSizeMatchesTorchvision() {
        for stored in TransformFixtures.loaded.erasing_sizes {
            #expect(abs(logf(stored.ratio) - stored.log_ratio) <= stored.log_ratio.ulp, "log \(stored.ratio)")
            let size = RandomErasing.rectangleSize(height: stored.height, width: stored.width,
                                                   areaFraction: stored.area_fraction, logAspectRatio: stored.log_ratio)
            let what = "\(stored.height)×\(stored.width), area \(stored.area_fraction), ratio \(stored.ratio)"
            #expect((size != nil) == stored.fits, "\(what): fits")
            if let size, stored.fits {
                #expect(size.height == stored.rectangle_height && size.width == stored.rectangle_width,
                        "\(what): \(size) against \(stored.rectangle_height)×\(stored.rectangle_width)")
            }
        }
    }

    /// Erasing is copying a constant: exactly torchvision's values, one value for all channels or one per channel.
    @Test(arguments: TransformFixtures.loaded.erase.indices)
    func eraseMatchesTorchvision(_ index: Int) {
        let stored = TransformFixtures.loaded.erase[index]
        let image = Tensor(shape: stored.input_shape, scalars: stored.input)
        let erasing = RandomErasing(values: stored.values)
        let rectangle = RandomErasing.Rectangle(top: stored.top, left: stored.left, height: stored.height,
                                                width: stored.width)
        #expect(erasing.erase(image, rectangle).scalars == stored.output, "\(stored.name)")
    }

    /// The draws, replayed with a twin generator: u against p; then per attempt the area fraction and the log ratio
    /// (two Floats); for the first rectangle that fits, top then left. p = 1 so that every seed erases.
    @Test func drawsInTorchvisionsOrder() {
        let image = Tensor<Float>(shape: [1, 8, 6], scalars: (0..<48).map { Float($0) + 1 })
        let erasing = RandomErasing(probability: 1, values: [-1])
        for seed in UInt64(0)..<50 {
            var random = RandomGenerator(seed: seed), twin = RandomGenerator(seed: seed)
            let output = erasing.apply(image, random: &random)
            _ = twin.nextUnitFloat()
            var expected = image
            for _ in 0..<10 {
                let fraction = 0.02 + (0.4 - 0.02) * twin.nextUnitFloat()
                let logRatio = logf(0.3) + (logf(3.3) - logf(0.3)) * twin.nextUnitFloat()
                guard let size = RandomErasing.rectangleSize(height: 8, width: 6, areaFraction: fraction,
                                                             logAspectRatio: logRatio) else { continue }
                let top = twin.nextInt(below: 8 - size.height + 1), left = twin.nextInt(below: 6 - size.width + 1)
                expected = erasing.erase(image, .init(top: top, left: left, height: size.height, width: size.width))
                break
            }
            #expect(output == expected, "seed \(seed)")
            #expect(random.nextUInt32() == twin.nextUInt32(), "seed \(seed): drew more or fewer numbers")
        }
    }

    /// With p = 0.5, about half the images are erased, and an image that is not drew one number only.
    @Test func probabilityDecidesFirst() {
        let image = Tensor<Float>(shape: [1, 28, 28], repeating: 1)
        var erased = 0
        for seed in UInt64(0)..<400 {
            var random = RandomGenerator(seed: seed)
            if RandomErasing().apply(image, random: &random) != image { erased += 1 }
        }
        // Binomial(400, 0.5 · P(some attempt fits) ≈ 0.5): mean ≈ 200, sd 10; ±50 is 5 sd.
        #expect((150...250).contains(erased), "\(erased) of 400 erased")
        var random = RandomGenerator(seed: 3), twin = RandomGenerator(seed: 3)
        _ = RandomErasing(probability: 0).apply(image, random: &random)
        _ = twin.nextUnitFloat()
        #expect(random.nextUInt32() == twin.nextUInt32())
    }

    /// Erasing to the mean before normalisation gives exactly 0 after it: torchvision's default (value 0 after
    /// Normalize) in a pipeline that normalises last.
    @Test func erasingToTheMeanNormalisesToZero() {
        let normalization = InputNormalization(mean: [0.2860], std: [0.3530])
        let erasing = RandomErasing.erasingToMean(of: normalization)
        let erased = erasing.erase(Tensor(shape: [1, 4, 4], repeating: 0.9),
                                   .init(top: 1, left: 1, height: 2, width: 2))
        var scalars = erased.scalars
        scalars.withUnsafeMutableBufferPointer {
            normalization.normalize($0, shape: ImageShape(channels: 1, height: 4, width: 4))
        }
        #expect(scalars[5] == 0 && scalars[6] == 0 && scalars[9] == 0 && scalars[10] == 0)
        #expect(scalars[0] != 0)
    }
}
