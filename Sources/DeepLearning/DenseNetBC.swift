extension Sequential {
    /// A DenseNet-BC for 28×28 images (Huang et al. 2017, the CIFAR variant: one 3×3 stem convolution, three dense
    /// blocks, no stem pooling), named as torchvision's DenseNet names its modules:
    ///
    ///     features.conv0 3×3 C→2k                            [N, 2k, 28, 28]
    ///     features.denseblock1: L dense layers, +k each      [N, 2k + Lk, 28, 28]
    ///     features.transition1: compress ×½, avg pool 2      [N, ⌊channels/2⌋, 14, 14]
    ///     features.denseblock2, transition2, denseblock3     … [N, C_final, 7, 7]
    ///     features.norm5, relu, avgpool (global), flatten, classifier C_final→classes
    ///
    /// with growth rate k = `growthRate`, L = `layersPerBlock` bottleneck layers per block (depth 6L + 4: L = 6 is
    /// DenseNet-BC-40) and compression θ = 0.5 (torchvision's `num_features // 2`). Convolutions have no bias;
    /// everything draws from `generator` in that order. The last batch norm is `norm5` whatever the number of
    /// blocks, as in torchvision.
    public static func denseNetBC(inputChannels: Int = 1, classes: Int = 10, growthRate: Int = 12,
                                  layersPerBlock: Int = 6, blocks: Int = 3,
                                  generator: inout RandomGenerator) -> Sequential {
        var channels = 2 * growthRate
        var features: [any Layer<Scalar>] = [
            Conv2d(name: "conv0", inputChannels: inputChannels, outputChannels: channels, kernelSize: 3, padding: 1,
                   bias: false, generator: &generator),
        ]
        for block in 1...blocks {
            let layers = (1...layersPerBlock).map { index -> any Layer<Scalar> in
                let layer = ChannelConcatenation<Scalar>.denseLayer(name: "denselayer\(index)", inputChannels: channels,
                                                                    growthRate: growthRate, generator: &generator)
                channels += growthRate
                return layer
            }
            features.append(Sequential(name: "denseblock\(block)", layers: layers))
            if block < blocks {
                let compressed = channels / 2
                features.append(Sequential.denseTransition(name: "transition\(block)", inputChannels: channels,
                                                           outputChannels: compressed, generator: &generator))
                channels = compressed
            }
        }
        features.append(BatchNorm2d(name: "norm5", channels: channels))
        return Sequential(layers: [
            Sequential(name: "features", layers: features),
            ReLU(name: "relu"),
            AvgPool2d.global(name: "avgpool"),
            Flatten(name: "flatten"),
            Linear(name: "classifier", inputFeatures: channels, outputFeatures: classes, generator: &generator),
        ])
    }
}
