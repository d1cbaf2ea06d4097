import Foundation
import Datasets
import DeepLearning

/// The four explanations of §8.3's step, each a map over the input image.
public enum SaliencyMethod: String, CaseIterable, Sendable {
    case gradient, smoothGrad, occlusion, gradCAM

    /// The column caption in the charts and the tables.
    public var label: String {
        switch self {
        case .gradient: "|∂y/∂x|"
        case .smoothGrad: "SmoothGrad"
        case .occlusion: "occlusion"
        case .gradCAM: "Grad-CAM"
        }
    }
}

/// One map per method for each image of a batch, every map at the image's size (row-major, height × width), all
/// for the class each image is explained for:
/// - gradient: |∂y_c/∂x| (the largest magnitude over the channels, as Simonyan et al. take it);
/// - SmoothGrad: |mean of ∂y_c/∂x over noisy copies|;
/// - occlusion: the mean drop of p_c under a gray patch (signed: negative where hiding a part raises p_c);
/// - Grad-CAM: ReLU(Σ α_k A_k) on the article CNN's relu2 output (conv2's rectified maps, 14×14), upsampled to
///   28×28 by bilinear interpolation with half-pixel centres, PyTorch's `F.interpolate(mode="bilinear",
///   align_corners=False)` (the workbook's `Resize` without antialiasing, pinned against torchvision), as
///   pytorch-grad-cam's cv2.resize does.
public struct SaliencyMaps: Sendable {
    /// `maps[method][n]`: image n's map, height × width values.
    public var maps: [SaliencyMethod: [[Double]]]
    /// Seconds each method took for the whole batch.
    public var seconds: [SaliencyMethod: Double]

    /// The settings of the step: what each method does and with which parameters.
    public struct Settings: Sendable {
        public var smoothGrad: SmoothGrad
        public var occlusion: Occlusion
        /// The index in `model.layers` of the layer whose output Grad-CAM explains with.
        public var gradCAMLayer: Int
        /// The seed of SmoothGrad's noise.
        public var noiseSeed: UInt64

        public init(smoothGrad: SmoothGrad, occlusion: Occlusion, gradCAMLayer: Int, noiseSeed: UInt64) {
            (self.smoothGrad, self.occlusion, self.gradCAMLayer, self.noiseSeed) = (smoothGrad, occlusion, gradCAMLayer, noiseSeed)
        }
    }

    /// inputs [N, C, H, W] (normalised as the model was trained), image n explained for `classes[n]`.
    public init(of model: Sequential<Float>, inputs: Tensor<Float>, classes: [Int], settings: Settings) throws {
        let (channels, height, width) = (inputs.shape[1], inputs.shape[2], inputs.shape[3])
        var maps: [SaliencyMethod: [[Double]]] = [:], seconds: [SaliencyMethod: Double] = [:]
        func timed<T>(_ method: SaliencyMethod, _ body: () throws -> T) rethrows -> T {
            let start = Date()
            defer { seconds[method] = Date().timeIntervalSince(start) }
            return try body()
        }
        let pass = try timed(.gradient) {
            try ClassScoreGradients(of: model, inputs: inputs, classes: classes, featureLayer: settings.gradCAMLayer)
        }
        maps[.gradient] = Self.magnitudes(pass.inputGradient, channels: channels)
        var generator = RandomGenerator(seed: settings.noiseSeed)
        maps[.smoothGrad] = Self.magnitudes(try timed(.smoothGrad) {
            try settings.smoothGrad.gradients(of: model, inputs: inputs, classes: classes, generator: &generator)
        }, channels: channels)
        maps[.occlusion] = Self.images(try timed(.occlusion) {
            try settings.occlusion.drops(of: model, inputs: inputs, classes: classes)
        })
        maps[.gradCAM] = timed(.gradCAM) {
            Self.images(GradCAM.maps(from: pass)).map { Self.upsampled($0, to: (height, width)) }
        }
        (self.maps, self.seconds) = (maps, seconds)
    }

    /// [N, C, H, W] → per image the largest |value| over the channels, H × W values.
    static func magnitudes(_ gradient: Tensor<Float>, channels: Int) -> [[Double]] {
        let plane = gradient.shape[2] * gradient.shape[3]
        return (0..<gradient.shape[0]).map { n in
            (0..<plane).map { i in
                (0..<channels).map { c in Double(abs(gradient.scalars[(n * channels + c) * plane + i])) }.max()!
            }
        }
    }

    /// [N, H, W] → N maps of H × W values.
    static func images(_ maps: Tensor<Double>) -> [[Double]] {
        let plane = maps.shape[1] * maps.shape[2]
        return (0..<maps.shape[0]).map { Array(maps.scalars[$0 * plane ..< ($0 + 1) * plane]) }
    }

    /// A square h × h map bilinearly resized to `size` (half-pixel centres; see the type's comment).
    static func upsampled(_ map: [Double], to size: (height: Int, width: Int)) -> [Double] {
        let side = Int(Double(map.count).squareRoot())
        let shape = ImageShape(channels: 1, height: side, width: side)
        let source = map.map(Float.init)
        var output = [Float](repeating: 0, count: size.height * size.width)
        source.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { output in
                Resize(size.height, size.width, antialias: false).apply(source, shape: shape, into: output)
            }
        }
        return output.map(Double.init)
    }
}
