import Datasets

/// The self-supervised pretext task of §4.3 (Gidaris et al. 2018, "Unsupervised representation learning by
/// predicting image rotations"): every image is shown rotated by 0°, 90°, 180° and 270°, and a 4-way head learns
/// which rotation it sees. The labels come from the rotation, not from a person: the class labels are never read.
///
/// A quarter turn is exact: it moves bytes (a permutation of the indices), it interpolates nothing, so that four
/// quarter turns give back the image bit for bit and the task has no resampling artefact to cheat on.
public enum RotationPretext {
    /// The pretext classes: label t means t quarter turns counter-clockwise.
    public static let classNames = ["0°", "90°", "180°", "270°"]

    /// `pixels` (one image, HWC: `height` rows of `width` pixels of `channels` values) turned counter-clockwise
    /// by `quarterTurns` quarter turns (any integer; 4 is a whole turn). One quarter turn of an H×W image is W×H:
    /// output row r, column c is input row c, column W − 1 − r (numpy's `rot90`): [[1, 2], [3, 4]] → [[2, 4], [1, 3]].
    public static func rotated<Element>(_ pixels: [Element], height: Int, width: Int, channels: Int = 1,
                                        quarterTurns: Int) -> [Element] {
        precondition(pixels.count == height * width * channels,
                     "RotationPretext: \(pixels.count) values for \(height)×\(width)×\(channels)")
        var image = pixels, (rows, columns) = (height, width)
        for _ in 0 ..< ((quarterTurns % 4) + 4) % 4 {
            // One turn: the result has `columns` rows of `rows` pixels.
            var turned = image
            for r in 0 ..< columns {
                for c in 0 ..< rows {
                    let source = (c * columns + (columns - 1 - r)) * channels
                    let destination = (r * rows + c) * channels
                    for k in 0 ..< channels { turned[destination + k] = image[source + k] }
                }
            }
            image = turned
            (rows, columns) = (columns, rows)
        }
        return image
    }

    /// The pretext data set of `images` (square): 4·n images, image 4i + t being image i turned t quarter turns,
    /// labelled t. Its pixel statistics are those of `images` (a rotation moves pixels, it changes none).
    public static func pretextImages(_ images: LabeledImages) -> LabeledImages {
        precondition(images.width == images.height, "RotationPretext: rotations of \(images.height)×\(images.width) images change their shape")
        var pixels: [UInt8] = []
        pixels.reserveCapacity(4 * images.pixels.count)
        for index in 0 ..< images.count {
            let image = Array(images.imageBytes(at: index))
            for turns in 0 ..< 4 {
                pixels += rotated(image, height: images.height, width: images.width, channels: images.channels,
                                  quarterTurns: turns)
            }
        }
        return LabeledImages(width: images.width, height: images.height, channels: images.channels, pixels: pixels,
                             labels: (0 ..< 4 * images.count).map { $0 % 4 }, classNames: classNames)
    }
}
