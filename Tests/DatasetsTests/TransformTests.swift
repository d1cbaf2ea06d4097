import Testing
import DeepLearning
@testable import Datasets

/// Resize, Normalize and rotation against torchvision (golden fixtures); the other transforms against closed forms.
@Suite struct TransformTests {
    /// Largest |a − b| over two equally long arrays.
    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    @Test(arguments: TransformFixtures.loaded.resize.indices)
    func resizeMatchesTorchvision(_ index: Int) {
        let fixture = TransformFixtures.loaded.resize[index]
        let resize = fixture.size.count == 2
            ? Resize(fixture.size[0], fixture.size[1], antialias: fixture.antialias)
            : Resize(shorterSide: fixture.size[0], antialias: fixture.antialias)
        let output = Compose([resize])(Tensor(shape: fixture.input_shape, scalars: fixture.input))
        #expect(output.shape == fixture.output_shape, "\(fixture.name)")
        // Inputs and outputs lie in [−0.25, 1.25]. Both sides evaluate the same formulas in Float (taps, weights,
        // weighted sums in tap order, rows then columns); what may differ is a fused multiply-add or the order
        // of a few additions, i.e. a rounding or two. Measured: at most 1 ulp of a value in [1, 2) (1.2e-7).
        // Allowed: 2 ulps there, 2 · 2⁻²³ ≈ 2.4e-7. A wrong tap or weight moves values by > 1e-3.
        #expect(Self.maxDifference(output.scalars, fixture.output) <= 2 * 0x1p-23, "\(fixture.name)")
    }

    @Test func normalizeMatchesTorchvisionExactly() {
        for fixture in TransformFixtures.loaded.normalize {
            let normalize = Compose([Normalize(mean: fixture.mean, std: fixture.std)])
            let output = normalize(Tensor(shape: fixture.input_shape, scalars: fixture.input))
            // One Float subtraction and one Float division per value, each correctly rounded on both sides:
            // bitwise equal, no tolerance.
            #expect(output.scalars == fixture.output, "\(fixture.name)")
        }
    }

    @Test func imageNetStatisticsAreTheArticles() {
        #expect(Normalize.imageNet.mean == [0.485, 0.456, 0.406])
        #expect(Normalize.imageNet.std == [0.229, 0.224, 0.225])
    }

    @Test(arguments: TransformFixtures.loaded.rotate.indices)
    func rotationMatchesTorchvision(_ index: Int) {
        let fixture = TransformFixtures.loaded.rotate[index]
        let output = RandomRotation.rotate(Tensor(shape: fixture.input_shape, scalars: fixture.input),
                                           degrees: fixture.degrees)
        // Nearest neighbour copies values: the same source pixel gives the same bits, so no tolerance.
        #expect(output.scalars == fixture.output, "\(fixture.name)")
    }

    /// Upsampling by an integer factor with antialias off: output i samples s = (i + ½)/2 − ½, so along one axis
    /// 0..3 → [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3] (clamped at both ends).
    @Test func bilinearClosedForm() {
        let row = Tensor<Float>(shape: [1, 1, 4], scalars: [0, 1, 2, 3])
        let output = Compose([Resize(1, 8, antialias: false)])(row)
        #expect(output.scalars == [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3])
    }

    @Test func shorterSideKeepsAspectRatio() {
        // torchvision: int(224 · 40 / 30) = 298 for the longer side.
        #expect(Resize(shorterSide: 224).outputSize(height: 30, width: 40) == (224, 298))
        #expect(Resize(shorterSide: 224).outputSize(height: 40, width: 30) == (298, 224))
        #expect(Resize(shorterSide: 224).outputSize(height: 28, width: 28) == (224, 224))
    }

    @Test func toTensorScalesAndTransposes() {
        // A 1×2 RGB image, HWC bytes (r, g, b) per pixel: (0, 51, 255), (255, 102, 0).
        let image = PixelImage(width: 2, height: 1, channels: 3, pixels: [0, 51, 255, 255, 102, 0])
        let tensor = ToTensor()(image)
        #expect(tensor.shape == [3, 1, 2])
        #expect(tensor.scalars == [0, 1, Float(51) / 255, Float(102) / 255, 1, 0])
    }

    @Test func grayscaleToThreeChannelsReplicates() {
        let gray = Tensor<Float>(shape: [1, 2, 2], scalars: [0.1, 0.2, 0.3, 0.4])
        let rgb = Compose([Grayscale(outputChannels: 3)])(gray)
        #expect(rgb.shape == [3, 2, 2])
        #expect(rgb.scalars == gray.scalars + gray.scalars + gray.scalars)
    }

    @Test func grayscaleFromRGBUsesLuma() {
        let rgb = Tensor<Float>(shape: [3, 1, 1], scalars: [1, 0.5, 0.25])
        let gray = Compose([Grayscale()])(rgb)
        // 0.2989 · 1 + 0.587 · 0.5 + 0.114 · 0.25 = 0.6209, in Float (a few ulps).
        #expect(abs(gray.scalars[0] - 0.6209) <= 1e-6)
    }

    @Test func flipMirrorsColumns() {
        let image = Tensor<Float>(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(RandomHorizontalFlip.flip(image).scalars == [3, 2, 1, 6, 5, 4])
        var random = RandomGenerator(seed: 1)
        #expect(RandomHorizontalFlip(probability: 0).apply(image, random: &random) == image)
        #expect(RandomHorizontalFlip(probability: 1).apply(image, random: &random).scalars == [3, 2, 1, 6, 5, 4])
    }

    /// RandomCrop draws top then left from the generator; a twin generator predicts both.
    @Test func randomCropDrawsTopThenLeft() {
        // x[y, x] = 10y + x on a 4×5 image, padding 2 → 8×9 padded, 3×3 crop: top in 0...5, left in 0...6.
        let image = Tensor<Float>(shape: [1, 4, 5], scalars: (0..<4).flatMap { y in (0..<5).map { Float(10 * y + $0) } })
        let crop = RandomCrop(3, 3, padding: 2)
        for seed in UInt64(0)..<20 {
            var random = RandomGenerator(seed: seed), twin = RandomGenerator(seed: seed)
            let output = crop.apply(image, random: &random)
            let top = twin.nextInt(below: 6) - 2, left = twin.nextInt(below: 7) - 2
            let expected = (0..<3).flatMap { y in
                (0..<3).map { x -> Float in
                    let (sy, sx) = (top + y, left + x)
                    return (0..<4).contains(sy) && (0..<5).contains(sx) ? Float(10 * sy + sx) : 0
                }
            }
            #expect(output.scalars == expected, "seed \(seed)")
        }
    }

    /// RandomRotation draws one Float u and rotates by −d + 2d·u; a twin generator predicts the angle.
    @Test func randomRotationDrawsOneAngle() {
        let image = Tensor<Float>(shape: [1, 5, 5], scalars: (0..<25).map(Float.init))
        var random = RandomGenerator(seed: 7), twin = RandomGenerator(seed: 7)
        let output = RandomRotation(degrees: 30).apply(image, random: &random)
        let angle = -30 + 60 * twin.nextUnitFloat()
        #expect(output == RandomRotation.rotate(image, degrees: Double(angle)))
        #expect(random.nextUInt32() == twin.nextUInt32())
    }

    /// Compose's documented order of draws: RandomCrop top and left, then RandomHorizontalFlip one Float, then
    /// RandomRotation one Float, all from the one generator; replayed by hand with a twin generator.
    @Test func composeDrawsInListedOrder() {
        let image = Tensor<Float>(shape: [1, 6, 6], scalars: (0..<36).map(Float.init))
        let pipeline = Compose([RandomCrop(5, 5, padding: 1), RandomHorizontalFlip(), RandomRotation(degrees: 40)])
        for seed in UInt64(0)..<10 {
            var random = RandomGenerator(seed: seed), twin = RandomGenerator(seed: seed)
            let output = pipeline.apply(image, random: &random)
            let top = twin.nextInt(below: 4) - 1, left = twin.nextInt(below: 4) - 1
            var expected = RandomCrop(5, 5).crop(image, top: top, left: left)
            if twin.nextUnitFloat() < 0.5 { expected = RandomHorizontalFlip.flip(expected) }
            expected = RandomRotation.rotate(expected, degrees: Double(-40 + 80 * twin.nextUnitFloat()))
            #expect(output == expected, "seed \(seed)")
            #expect(random.nextUInt32() == twin.nextUInt32(), "seed \(seed): the pipeline drew more or fewer numbers")
        }
    }

    /// A quarter turn counter-clockwise maps output (y, x) to source (x, n − 1 − y): closed form, exact.
    @Test func quarterTurn() {
        let n = 4
        let image = Tensor<Float>(shape: [1, n, n], scalars: (0..<(n * n)).map(Float.init))
        let rotated = RandomRotation.rotate(image, degrees: 90)
        let expected = (0..<n).flatMap { y in (0..<n).map { x in Float(x * n + (n - 1 - y)) } }
        #expect(rotated.scalars == expected)
    }
}
