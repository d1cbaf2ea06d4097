import Datasets
import DeepLearning

/// The article's §5.2.1 preprocessing on our gray images: `Compose([Resize((224, 224)), ToTensor(),
/// Normalize(ImageNet mean, std)])` after torchvision's loader has converted each image to RGB
/// (`Image.convert("RGB")` replicates a gray channel three times, like `Grayscale(3)`).
public enum ArticlePipeline {
    /// The article's input side.
    public static let size = 224

    /// Replicate to RGB, resize to `size`×`size`, normalise with ImageNet's statistics.
    static func transform(size: Int = size) -> Compose {
        Compose([Grayscale(outputChannels: 3), Resize(size, size), Normalize.imageNet])
    }

    /// The first `count` images of `images` through the pipeline, as one [count, 3, size, size] batch.
    static func batch(_ images: LabeledImages, count: Int, size: Int = size) -> Tensor<Float> {
        let pipeline = transform(size: size)
        let samples = (0..<count).map { pipeline(ToTensor()(images.image(at: $0))) }
        return Tensor(shape: [count, 3, size, size], scalars: samples.flatMap(\.scalars))
    }
}
