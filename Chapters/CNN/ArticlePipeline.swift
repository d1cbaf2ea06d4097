import Datasets
import DeepLearning

/// The article's §5.2.1 preprocessing on our gray images: `Compose([Resize((224, 224)), ToTensor(),
/// Normalize(ImageNet mean, std)])` after torchvision's loader has converted each image to RGB
/// (`Image.convert("RGB")` replicates a gray channel three times, like `Grayscale(3)`). As a batch pipeline: decode
/// with the replication and the resize, no augmentation, normalise with ImageNet's statistics.
public enum ArticlePipeline {
    /// The article's input side.
    public static let size = 224

    /// The first `count` images of `images` through the pipeline, as one [count, 3, size, size] batch.
    static func batch(_ images: LabeledImages, count: Int, size: Int = size) throws(DatasetError) -> Tensor<Float> {
        precondition(count > 0, "ArticlePipeline: a batch of \(count) images")
        let decoded = ResizedImages(images.subset(0..<count), grayscale: Grayscale(outputChannels: 3),
                                    resize: Resize(size, size))
        let loader = DataLoader(decoded, batchSize: count, normalization: .imageNet, producers: 0)
        return try loader.batches(epoch: 0).next()!.images
    }
}
