extension Sequential {
    /// A ResNet for 28×28 images (He et al. 2016's CIFAR family, three stages of basic blocks), named as
    /// torchvision's ResNet names its modules:
    ///
    ///     conv1 3×3 C→16, bn1, relu                  [N, 16, 28, 28]
    ///     layer1: 2 BasicBlocks 16→16                 [N, 16, 28, 28]
    ///     layer2: 2 BasicBlocks 16→32, stride 2 first [N, 32, 14, 14]   (downsample: 1×1 conv + BN)
    ///     layer3: 2 BasicBlocks 32→64, stride 2 first [N, 64, 7, 7]
    ///     avgpool (global), flatten, fc 64→classes    [N, classes]
    ///
    /// 174,970 parameters for 1 input channel and 10 classes, as PyTorch counts the same definition. Convolutions
    /// have no bias; everything draws from `generator` in that order, PyTorch's default initialisation (see
    /// `Initialization`), batch norm starting at γ = 1, β = 0.
    public static func smallResNet(inputChannels: Int = 1, classes: Int = 10, widths: [Int] = [16, 32, 64],
                                   blocksPerStage: Int = 2, generator: inout RandomGenerator) -> Sequential {
        var layers: [any Layer<Scalar>] = [
            Conv2d(name: "conv1", inputChannels: inputChannels, outputChannels: widths[0], kernelSize: 3, padding: 1,
                   bias: false, generator: &generator),
            BatchNorm2d(name: "bn1", channels: widths[0]),
            ReLU(name: "relu"),
        ]
        var channels = widths[0]
        for (stage, width) in widths.enumerated() {
            let blocks = (0..<blocksPerStage).map { index -> any Layer<Scalar> in
                let block = BasicBlock<Scalar>(name: String(index), inputChannels: channels, outputChannels: width,
                                               stride: stage > 0 && index == 0 ? 2 : 1, generator: &generator)
                channels = width
                return block
            }
            layers.append(Sequential(name: "layer\(stage + 1)", layers: blocks))
        }
        layers += [
            AvgPool2d.global(name: "avgpool"),
            Flatten(name: "flatten"),
            Linear(name: "fc", inputFeatures: channels, outputFeatures: classes, generator: &generator),
        ]
        return Sequential(layers: layers)
    }
}
