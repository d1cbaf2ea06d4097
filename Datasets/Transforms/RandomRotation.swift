import Foundation
import DeepLearning

/// torchvision's `RandomRotation(degrees)` with its defaults: rotate about the image centre by an angle drawn
/// uniformly from [−degrees, degrees], counter-clockwise for positive angles, nearest neighbour, same size,
/// pixels from outside the image filled with 0.
///
/// Draws one `nextUnitFloat()` u; the angle is −degrees + 2·degrees·u.
public struct RandomRotation: ImageTransform {
    public let degrees: Float

    public init(degrees: Float) {
        precondition(degrees >= 0, "RandomRotation: degrees \(degrees) must be non-negative")
        self.degrees = degrees
    }

    public func apply(_ image: Tensor<Float>, random: inout RandomGenerator) -> Tensor<Float> {
        let angle = -degrees + 2 * degrees * random.nextUnitFloat()
        return RandomRotation.rotate(image, degrees: Double(angle))
    }

    /// The image rotated by `degrees` counter-clockwise about its centre, nearest neighbour, fill 0.
    ///
    /// Follows torchvision's tensor path (`F.rotate` → `_apply_grid_transform`) step by step in Float: the
    /// inverse rotation maps each output pixel centre, measured from the image centre, to a source position;
    /// `grid_sample(mode="nearest", align_corners=False)` rounds it half to even and reads 0 outside the image.
    public static func rotate(_ image: Tensor<Float>, degrees: Double) -> Tensor<Float> {
        let (channels, height, width) = image.imageDimensions(for: "RandomRotation")
        // _get_inverse_affine_matrix(center 0, angle −degrees): [cos r, sin r; −sin r, cos r], r = −degrees in rad.
        let radians = -degrees * Double.pi / 180
        let matrix = [cos(radians), sin(radians), -sin(radians), cos(radians)].map(Float.init)
        // _gen_affine_grid divides the matrix by half the image size to get grid_sample's [−1, 1] coordinates.
        let halfWidth = Float(0.5 * Double(width)), halfHeight = Float(0.5 * Double(height))
        let toGridX = (matrix[0] / halfWidth, matrix[1] / halfWidth)
        let toGridY = (matrix[2] / halfHeight, matrix[3] / halfHeight)
        var output = [Float](repeating: 0, count: image.count)
        let plane = height * width
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
                guard sourceX >= 0, sourceX < Float(width), sourceY >= 0, sourceY < Float(height) else { continue }
                let source = Int(sourceY) * width + Int(sourceX)
                for channel in 0..<channels {
                    output[channel * plane + y * width + x] = image.scalars[channel * plane + source]
                }
            }
        }
        return Tensor(shape: image.shape, scalars: output)
    }
}
