import Foundation
import DeepLearning

/// torchvision's `RandomErasing(p, scale, ratio, value)` (Zhong et al. 2017, "Random Erasing Data Augmentation"):
/// with probability p, one rectangle of the image, of a random area and aspect ratio at a random place, is set to
/// a constant.
///
/// Draws, in torchvision's order: one `nextUnitFloat()` u, and nothing more unless u < p. Then up to 10 attempts,
/// each drawing the area fraction s = s₀ + (s₁ − s₀)·u₁ and the log aspect ratio ℓ = log r₀ + (log r₁ − log r₀)·u₂
/// (two Floats, as torch's `uniform_`), giving the rectangle's size by `rectangleSize`; the first attempt whose
/// rectangle fits strictly inside the image draws its top row, `nextInt(below: H − h + 1)`, then its left
/// column, `nextInt(below: W − w + 1)`. After 10 misses the image stays as it is (torchvision returns it unchanged).
///
/// The constant: torchvision erases with `value` (0 by default) at the place in the pipeline where the transform is
/// listed, which is after `Normalize` (it only takes tensors), so its default erases to the data set's mean. A
/// `DataLoader` augments before it normalises; give it `value` = the mean of each channel in ToTensor's [0, 1]
/// units (`erasingToMean(of:)`), which the normalisation maps to exactly 0.
public struct RandomErasing: Augmentation {
    public let probability: Float
    /// The erased area as a fraction of the image's, [s₀, s₁] (torchvision's `scale`).
    public let area: ClosedRange<Float>
    /// Height over width of the rectangle, [r₀, r₁] (torchvision's `ratio`), drawn uniformly in log space.
    public let aspectRatio: ClosedRange<Float>
    /// What the rectangle is filled with: one value for every channel, or one per channel.
    public let values: [Float]

    /// Zhong et al.'s settings by default: p = 0.5, area 0.02…0.4, aspect ratio 0.3…1/0.3 (3.3).
    public init(probability: Float = 0.5, area: ClosedRange<Float> = 0.02...0.4,
                aspectRatio: ClosedRange<Float> = 0.3...3.3, values: [Float] = [0]) {
        precondition((0...1).contains(probability), "RandomErasing: probability \(probability) not in [0, 1]")
        precondition(area.lowerBound >= 0 && area.upperBound <= 1, "RandomErasing: area \(area) not within [0, 1]")
        precondition(aspectRatio.lowerBound > 0, "RandomErasing: aspect ratios \(aspectRatio) must be positive")
        precondition(!values.isEmpty, "RandomErasing: no erasing value")
        self.probability = probability
        self.area = area
        self.aspectRatio = aspectRatio
        self.values = values
    }

    /// Erases to the data set's per-channel mean (in [0, 1] units, before normalisation): what torchvision's
    /// `RandomErasing()` after `Normalize(mean, std)` does, here in a pipeline that normalises last.
    public static func erasingToMean(of normalization: InputNormalization, probability: Float = 0.5,
                                     area: ClosedRange<Float> = 0.02...0.4,
                                     aspectRatio: ClosedRange<Float> = 0.3...3.3) -> RandomErasing {
        RandomErasing(probability: probability, area: area, aspectRatio: aspectRatio, values: normalization.floatMean)
    }

    /// A rectangle of the image: rows top..<top + height, columns left..<left + width.
    public struct Rectangle: Equatable, Sendable {
        public var top: Int
        public var left: Int
        public var height: Int
        public var width: Int
        public init(top: Int, left: Int, height: Int, width: Int) {
            (self.top, self.left, self.height, self.width) = (top, left, height, width)
        }
    }

    public func checkFits(_ shape: ImageShape) throws(DatasetError) {
        guard values.count == 1 || values.count == shape.channels else {
            throw .unfitStage(reason: "RandomErasing has \(values.count) erasing values for images of "
                                  + "\(shape.channels) channels: give one, or one per channel")
        }
    }

    public func augment(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape,
                        scratch _: UnsafeMutableBufferPointer<Float>, random: inout RandomGenerator) {
        guard random.nextUnitFloat() < probability, let rectangle = drawRectangle(for: shape, random: &random) else {
            return
        }
        erase(sample, shape: shape, rectangle)
    }

    /// The rectangle of one application that erases (after the probability draw): up to 10 attempts, nil if none
    /// fits.
    func drawRectangle(for shape: ImageShape, random: inout RandomGenerator) -> Rectangle? {
        // torch.log(torch.tensor(ratio)): the bounds' logarithms in Float.
        let logRatios = (logf(aspectRatio.lowerBound), logf(aspectRatio.upperBound))
        for _ in 0..<10 {
            let fraction = area.lowerBound + (area.upperBound - area.lowerBound) * random.nextUnitFloat()
            let logRatio = logRatios.0 + (logRatios.1 - logRatios.0) * random.nextUnitFloat()
            guard let size = Self.rectangleSize(height: shape.height, width: shape.width, areaFraction: fraction,
                                                logAspectRatio: logRatio) else { continue }
            let top = random.nextInt(below: shape.height - size.height + 1)
            let left = random.nextInt(below: shape.width - size.width + 1)
            return Rectangle(top: top, left: left, height: size.height, width: size.width)
        }
        return nil
    }

    /// The size of the rectangle for an area fraction s and a log aspect ratio ℓ on a height×width image, as
    /// torchvision's `get_params` computes it: r = exp(ℓ) in Float (a float32 tensor there), then in Double
    /// (Python floats) a = H·W·s, h = round(√(a·r)), w = round(√(a/r)), rounding half to even (Python's
    /// `round`); nil unless h < H and w < W (then torchvision tries again).
    public static func rectangleSize(height: Int, width: Int, areaFraction: Float, logAspectRatio: Float)
        -> (height: Int, width: Int)? {
        let ratio = Double(expf(logAspectRatio))
        let area = Double(height * width) * Double(areaFraction)
        let h = Int((area * ratio).squareRoot().rounded(.toNearestOrEven))
        let w = Int((area / ratio).squareRoot().rounded(.toNearestOrEven))
        return h < height && w < width ? (h, w) : nil
    }

    /// The image with `rectangle` set to the erasing value(s), as torchvision's `F.erase(img, i, j, h, w, v)`.
    public func erase(_ image: Tensor<Float>, _ rectangle: Rectangle) -> Tensor<Float> {
        let shape = ImageShape(of: image, for: "RandomErasing")
        var output = image
        output.scalars.withUnsafeMutableBufferPointer { erase($0, shape: shape, rectangle) }
        return output
    }

    /// Sets `rectangle` of every channel of `sample` (an image of `shape`) to that channel's value, in place.
    private func erase(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape, _ rectangle: Rectangle) {
        for channel in 0..<shape.channels {
            let value = values[values.count == 1 ? 0 : channel]
            for y in rectangle.top..<(rectangle.top + rectangle.height) {
                let row = channel &* shape.plane &+ y &* shape.width &+ rectangle.left
                for x in 0..<rectangle.width { sample[row &+ x] = value }
            }
        }
    }
}
