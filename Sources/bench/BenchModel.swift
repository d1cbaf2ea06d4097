import DeepLearning

/// The models `make bench` can time: the article's CNN (§5.2.3), the two of §5.3.3, the small ViT and §9.1's narrow
/// one, all at 1×28×28 with 10 classes, each built the same way by `pytorch_reference.py --model` on PyTorch's side
/// (pytorch_models.py).
enum BenchModel: String, CaseIterable {
    case cnn, resnet, densenet, vit
    case vitNarrow = "vit-narrow"

    /// A fresh model, its weights drawn from `generator`.
    func build(generator: inout RandomGenerator) -> Sequential<Float> {
        switch self {
        case .cnn: .articleCNN(inputChannels: 1, fc1InputFeatures: 128 * 7 * 7, generator: &generator)
        case .resnet: .smallResNet(generator: &generator)
        case .densenet: .denseNetBC(generator: &generator)
        case .vit: .smallViT(generator: &generator)
        case .vitNarrow: .narrowViT(generator: &generator)
        }
    }

    var description: String {
        switch self {
        case .cnn: "the article's CNN"
        case .resnet: "the small ResNet of §5.3.3"
        case .densenet: "the DenseNet-BC-40 (k = 12) of §5.3.3"
        case .vit: "the small ViT (patch 4, dim 64, 6 blocks of 4 heads)"
        case .vitNarrow: "§9.1's narrow ViT (dim 48: the ResNet's parameter count)"
        }
    }
}
