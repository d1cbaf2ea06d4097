
extension Sequential {
    /// The article's CNN (section 5.2.2): conv1 (inputChannels→64, 3×3, padding 1), ReLU, 2×2 max pool,
    /// conv2 (64→128, 3×3, padding 1), ReLU, 2×2 max pool, flatten, fc1 Linear(fc1InputFeatures, 128), ReLU,
    /// fc2 Linear(128, classes). Parameters are drawn from `generator` in that order (see `Initialization`).
    ///
    /// As written: inputChannels 3, fc1InputFeatures 128·28·28 (fits 112×112 images; 12,922,122 parameters).
    /// Adapted to 1×28×28 images (Fashion-MNIST): inputChannels 1, fc1InputFeatures 128·7·7 (878,730 parameters).
    public static func articleCNN(inputChannels: Int, fc1InputFeatures: Int, classes: Int = 10,
                                  generator: inout RandomGenerator) -> Sequential {
        Sequential(layers: [
            Conv2d(name: "conv1", inputChannels: inputChannels, outputChannels: 64, kernelSize: 3, padding: 1,
                   generator: &generator),
            ReLU(name: "relu1"),
            MaxPool2d(name: "pool1", kernelSize: 2),
            Conv2d(name: "conv2", inputChannels: 64, outputChannels: 128, kernelSize: 3, padding: 1,
                   generator: &generator),
            ReLU(name: "relu2"),
            MaxPool2d(name: "pool2", kernelSize: 2),
            Flatten(name: "flatten"),
            Linear(name: "fc1", inputFeatures: fc1InputFeatures, outputFeatures: 128, generator: &generator),
            ReLU(name: "relu3"),
            Linear(name: "fc2", inputFeatures: 128, outputFeatures: classes, generator: &generator),
        ])
    }
}
