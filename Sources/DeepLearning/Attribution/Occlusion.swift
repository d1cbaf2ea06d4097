import Foundation

/// Occlusion sensitivity (Zeiler & Fergus 2014): slide a gray patch over the image and record how much the
/// probability of the image's class drops with each part hidden. A model-agnostic map: forward passes only, no
/// gradient, so it measures what the model does when the evidence is gone rather than a local slope.
///
/// The patch, `patchSize` × `patchSize` pixels, steps by `stride` from the top-left corner, with a last position
/// flush with the bottom and right edges when the stride does not land there, so every pixel is covered; it replaces
/// every channel with `fill`. The map at a pixel is the mean drop p_c(x) − p_c(x occluded) over the positions whose
/// patch covers it (Captum's `Occlusion` attributes the same way). p_c is the softmax of the logits, in Double.
public struct Occlusion: Sendable {
    public let patchSize: Int
    public let stride: Int
    /// The value the patch writes, in the input's units (after normalisation; 0 = the data set's mean gray).
    public let fill: Double

    public init(patchSize: Int, stride: Int, fill: Double) {
        precondition(patchSize > 0 && stride > 0, "Occlusion: patch and stride must be positive")
        (self.patchSize, self.stride, self.fill) = (patchSize, stride, fill)
    }

    /// The patch's first row (or column) at each position along an axis of `length` pixels.
    public func corners(along length: Int) -> [Int] {
        let last = max(length - patchSize, 0)
        var corners = Array(Swift.stride(from: 0, through: last, by: stride))
        if corners.last != last { corners.append(last) }
        return corners
    }

    /// inputs [N, C, H, W] → the drop map [N, H, W] (Double), image n for class `classes[n]`. One forward pass per
    /// patch position, of the whole batch with the patch at that position in every image.
    public func drops<Scalar: KernelScalar>(of model: Sequential<Scalar>, inputs: Tensor<Scalar>,
                                            classes: [Int]) throws -> Tensor<Double> {
        precondition(inputs.rank == 4 && inputs.shape[0] == classes.count, "Occlusion: \(classes.count) classes for a batch of \(inputs.shape)")
        let (count, channels, height, width) = (inputs.shape[0], inputs.shape[1], inputs.shape[2], inputs.shape[3])
        return try model.withAttributionSettings(inputGradient: false) {
            let baseline = Self.classProbabilities(try model.forward(inputs), classes: classes)
            var sums = [Double](repeating: 0, count: count * height * width)
            var covering = [Double](repeating: 0, count: height * width)
            for top in corners(along: height) {
                for left in corners(along: width) {
                    let rows = top ..< min(top + patchSize, height), columns = left ..< min(left + patchSize, width)
                    var occluded = inputs
                    for plane in 0 ..< count * channels {
                        for y in rows {
                            for x in columns { occluded.scalars[(plane * height + y) * width + x] = Scalar(fill) }
                        }
                    }
                    let probabilities = Self.classProbabilities(try model.forward(occluded), classes: classes)
                    for y in rows {
                        for x in columns {
                            covering[y * width + x] += 1
                            for n in 0..<count { sums[(n * height + y) * width + x] += baseline[n] - probabilities[n] }
                        }
                    }
                }
            }
            for i in sums.indices { sums[i] /= covering[i % (height * width)] }
            return Tensor(shape: [count, height, width], scalars: sums)
        }
    }

    /// p_{c_n} of each row of the logits [N, classes]: exp(y_c − m) / Σ_k exp(y_k − m), m the row's maximum.
    public static func classProbabilities<Scalar: KernelScalar>(_ logits: Tensor<Scalar>, classes: [Int]) -> [Double] {
        let classCount = logits.shape[1]
        return classes.enumerated().map { n, c in
            let row = logits.scalars[n * classCount ..< (n + 1) * classCount].map { Double($0) }
            let maximum = row.max()!
            return exp(row[c] - maximum) / row.reduce(0) { $0 + exp($1 - maximum) }
        }
    }
}
