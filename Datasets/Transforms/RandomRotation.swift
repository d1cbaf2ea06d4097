import Foundation
import DeepLearning

/// torchvision's `RandomRotation(degrees)` with its defaults: rotate about the image centre by an angle drawn
/// uniformly from [−degrees, degrees], counter-clockwise for positive angles, nearest neighbour, same size,
/// pixels from outside the image filled with 0.
///
/// Draws one `nextUnitFloat()` u; the angle is −degrees + 2·degrees·u.
public struct RandomRotation: Augmentation {
    public let degrees: Float

    public init(degrees: Float) {
        precondition(degrees >= 0, "RandomRotation: degrees \(degrees) must be non-negative")
        self.degrees = degrees
    }

    public func augment(_ sample: UnsafeMutableBufferPointer<Float>, shape: ImageShape,
                        scratch: UnsafeMutableBufferPointer<Float>, random: inout RandomGenerator) {
        let angle = -degrees + 2 * degrees * random.nextUnitFloat()
        Self.rotate(sample.copied(into: scratch), shape: shape, degrees: Double(angle), into: sample)
    }

    /// The image rotated by `degrees` counter-clockwise about its centre, nearest neighbour, fill 0.
    public static func rotate(_ image: Tensor<Float>, degrees: Double) -> Tensor<Float> {
        let shape = ImageShape(of: image, for: "RandomRotation")
        let scalars = image.scalars.written(count: image.count) { rotate($0, shape: shape, degrees: degrees, into: $1) }
        return Tensor(shape: image.shape, scalars: scalars)
    }

    /// Writes `source` (an image of `shape`) rotated by `degrees` into `destination` (as many values, another
    /// buffer).
    ///
    /// Follows torchvision's tensor path (`F.rotate` → `_apply_grid_transform`) step by step in Float: the
    /// inverse rotation maps each output pixel centre, measured from the image centre, to a source position;
    /// `grid_sample(mode="nearest", align_corners=False)` rounds it half to even and reads 0 outside the image.
    private static func rotate(_ source: UnsafeBufferPointer<Float>, shape: ImageShape, degrees: Double,
                               into destination: UnsafeMutableBufferPointer<Float>) {
        let (channels, height, width, plane) = (shape.channels, shape.height, shape.width, shape.plane)
        // _get_inverse_affine_matrix(center 0, angle −degrees): [cos r, sin r; −sin r, cos r], r = −degrees in rad.
        let radians = -degrees * Double.pi / 180
        let matrix = (Float(cos(radians)), Float(sin(radians)), Float(-sin(radians)), Float(cos(radians)))
        // _gen_affine_grid divides the matrix by half the image size to get grid_sample's [−1, 1] coordinates.
        let halfWidth = Float(0.5 * Double(width)), halfHeight = Float(0.5 * Double(height))
        let toGridX = (matrix.0 / halfWidth, matrix.1 / halfWidth)
        let toGridY = (matrix.2 / halfHeight, matrix.3 / halfHeight)
        for y in 0..<height {
            // Pixel centres relative to the image centre: linspace(−n/2 + ½, n/2 − ½, n).
            let baseY = Float(y) - Float(height) * 0.5 + 0.5
            for x in 0..<width {
                let baseX = Float(x) - Float(width) * 0.5 + 0.5
                let gridX = baseX * toGridX.0 + baseY * toGridX.1
                let gridY = baseX * toGridY.0 + baseY * toGridY.1
                // grid_sampler_unnormalize, align_corners=False: ((g + 1) · size − 1) / 2, then nearbyint.
                let sourceX = (((gridX + 1) * Float(width) - 1) / 2).rounded(.toNearestOrEven)
                let sourceY = (((gridY + 1) * Float(height) - 1) / 2).rounded(.toNearestOrEven)
                let inside = sourceX >= 0 && sourceX < Float(width) && sourceY >= 0 && sourceY < Float(height)
                let from = inside ? Int(sourceY) &* width &+ Int(sourceX) : 0
                for channel in 0..<channels {
                    destination[channel &* plane &+ y &* width &+ x] = inside ? source[channel &* plane &+ from] : 0
                }
            }
        }
    }
}
