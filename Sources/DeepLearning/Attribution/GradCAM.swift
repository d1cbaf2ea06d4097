/// Grad-CAM (Selvaraju et al. 2017): a coarse map of where the evidence for a class lies, from a convolutional
/// layer's feature maps A_k [h, w] and the class score's gradient with respect to them. Each map's weight is the
/// spatial mean of its gradient, α_k = (1/hw) Σ_ij ∂y_c/∂A_k[i, j] (how much the class score rises with that map
/// as a whole), and the map is ReLU(Σ_k α_k A_k): only what speaks for the class, at the layer's resolution (a
/// chart upsamples it to the image's).
public enum GradCAM {
    /// The maps [N, h, w] (Double) of a pass with a feature layer: `pass.features` and `pass.featureGradient`
    /// [N, K, h, w].
    public static func maps<Scalar: KernelScalar>(from pass: ClassScoreGradients<Scalar>) -> Tensor<Double> {
        guard let features = pass.features, let gradient = pass.featureGradient, features.rank == 4 else {
            preconditionFailure("GradCAM: the pass needs a feature layer with outputs [N, K, h, w]")
        }
        let (count, maps, height, width) = (features.shape[0], features.shape[1], features.shape[2], features.shape[3])
        let area = height * width
        var result = [Double](repeating: 0, count: count * area)
        for n in 0..<count {
            for k in 0..<maps {
                let plane = (n * maps + k) * area
                let weight = gradient.scalars[plane ..< plane + area].reduce(0) { $0 + Double($1) } / Double(area)
                for i in 0..<area { result[n * area + i] += weight * Double(features.scalars[plane + i]) }
            }
        }
        return Tensor(shape: [count, height, width], scalars: result.map { max($0, 0) })
    }
}
