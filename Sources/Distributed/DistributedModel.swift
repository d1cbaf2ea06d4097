import DeepLearning

/// The models the data-parallel step trains: the article's CNN, §5.3.3's small ResNet, and two small CNNs for tests
/// and for the BatchNorm demonstration (small enough that a debug build trains 50 steps in seconds).
public enum DistributedModel: String, CaseIterable, Sendable {
    /// The §5.2.3 CNN (878,730 parameters).
    case cnn
    /// conv 1→4, ReLU, pool, conv 4→8, ReLU, pool, fc 392→10 (4,266 parameters).
    case small
    /// The same with a BatchNorm after each convolution: per-rank or synchronised statistics.
    case smallBatchNorm = "small-bn"
    /// §5.3.3's small ResNet (`Sequential.smallResNet`, 174,970 parameters, 15 batch norms).
    case resnet
    /// The same ResNet at widths 4, 8, 16 (15 batch norms, every block kind): what the tests train in a debug build.
    case tinyResNet = "resnet-tiny"

    /// How a BatchNorm layer of the model computes its training statistics.
    public enum Statistics: String, CaseIterable, Sendable {
        /// Each rank over its own shard (PyTorch DDP's default: BatchNorm2d on every rank).
        case perRank = "per-rank"
        /// Over the global batch (SyncBatchNorm2d).
        case synchronized = "sync"
    }

    public var hasBatchNorm: Bool { self == .smallBatchNorm || self == .resnet || self == .tinyResNet }

    /// The model for 1×28×28 images and 10 classes, its weights drawn from `generator`; `group` is whom a
    /// synchronised BatchNorm sums over. Every batch norm of the model comes from one factory, so `sync` replaces
    /// all of them and nothing else.
    public func build(statistics: Statistics, group: any BatchStatisticsGroup,
                      generator: inout RandomGenerator) -> Sequential<Float> {
        let batchNorm: BatchNormFactory<Float> = statistics == .synchronized ? .synchronized(over: group) : .local
        switch self {
        case .cnn:
            return .articleCNN(inputChannels: 1, fc1InputFeatures: 128 * 7 * 7, generator: &generator)
        case .resnet:
            return .smallResNet(batchNorm: batchNorm, generator: &generator)
        case .tinyResNet:
            return .smallResNet(widths: [4, 8, 16], batchNorm: batchNorm, generator: &generator)
        case .small, .smallBatchNorm:
            func norm(_ name: String, _ channels: Int) -> [any Layer<Float>] {
                hasBatchNorm ? [batchNorm(name: name, channels: channels)] : []
            }
            let conv1 = Conv2d<Float>(name: "conv1", inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1,
                                      generator: &generator)
            let conv2 = Conv2d<Float>(name: "conv2", inputChannels: 4, outputChannels: 8, kernelSize: 3, padding: 1,
                                      generator: &generator)
            let fc = Linear<Float>(name: "fc", inputFeatures: 8 * 7 * 7, outputFeatures: 10, generator: &generator)
            let layers: [[any Layer<Float>]] = [
                [conv1], norm("bn1", 4), [ReLU(name: "relu1"), MaxPool2d(name: "pool1", kernelSize: 2), conv2],
                norm("bn2", 8), [ReLU(name: "relu2"), MaxPool2d(name: "pool2", kernelSize: 2),
                                  Flatten(name: "flatten"), fc],
            ]
            return Sequential(layers: layers.flatMap { $0 })
        }
    }
}
