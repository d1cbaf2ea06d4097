import Datasets
import DeepLearning
import Plotting

/// The preview grid of every augmentation the ablation uses: one row per augmentation, three fit images each shown
/// before and after one draw (seeded: stream = row × 3 + image), in ToTensor's [0, 1] units before normalisation.
enum AugmentationPreview {
    static let imagesShown = 3

    static func draw(_ fit: LabeledImages, in context: RunContext) throws {
        let normalization = try InputNormalization(ChannelStatistics(of: fit))
        var grid: [ImageGrid.Image] = []
        for (row, augmentation) in TrainingAugmentation.allCases.enumerated() {
            let stage = augmentation.stage(height: fit.height, width: fit.width, normalization: normalization)
            for index in 0..<imagesShown {
                let original = ToTensor()(fit.image(at: index))
                // Erasing draws p = 0.5 first; the preview shows an erased draw, so it asks for p = 1.
                let shown: any Augmentation = augmentation == .erase
                    ? RandomErasing.erasingToMean(of: normalization, probability: 1) : stage
                var random = RandomGenerator(seed: 0, stream: UInt64(row * imagesShown + index))
                grid.append(image(original, caption: index == 0 ? "\(augmentation.rawValue): before" : "before"))
                grid.append(image(shown.apply(original, random: &random), caption: "after"))
            }
        }
        context.say("augmentation preview: \(TrainingAugmentation.allCases.map(\.rawValue).joined(separator: ", ")) "
                    + "(crop: padding 2; crop4: padding 4; rotate: ±10°; erase: p = 0.5 in training, shown with p = 1, "
                    + "filled with the fit set's mean)")
        try context.draw(Chart(name: "augmentations",
                               title: context.chartTitle("数据增强预览：随机裁剪（填充 2 / 4）、水平翻转、旋转 ±10°、随机擦除"),
                               content: .images(ImageGrid(images: grid, columns: 2 * imagesShown)), width: 900, height: 820))
    }

    private static func image(_ tensor: Tensor<Float>, caption: String) -> ImageGrid.Image {
        ImageGrid.Image(width: tensor.shape[2], height: tensor.shape[1],
                        pixels: tensor.scalars[0 ..< tensor.shape[1] * tensor.shape[2]].map(Double.init), caption: caption)
    }
}
