extension ChannelConcatenation {
    /// DenseNet-BC's dense layer (Huang et al. 2017; torchvision's `_DenseLayer`): a bottleneck that appends
    /// `growthRate` (k) new feature maps to its input,
    ///
    ///     y = cat(x, conv2(relu2(norm2(conv1(relu1(norm1(x)))))))
    ///
    /// with conv1 a 1×1 convolution to `bottleneckFactor`·k channels (4k, the "B" of BC) and conv2 a 3×3 one
    /// (padding 1) to k, both without bias. input [N, C, H, W] → output [N, C + k, H, W]. Names as torchvision's:
    /// `norm1`, `relu1`, `conv1`, `norm2`, `relu2`, `conv2` directly under the layer; conv1 then conv2 draw from
    /// `generator`. No dropout (torchvision's default drop_rate 0).
    public static func denseLayer(name: String, inputChannels: Int, growthRate: Int, bottleneckFactor: Int = 4,
                                  generator: inout RandomGenerator) -> ChannelConcatenation {
        let width = bottleneckFactor * growthRate
        let body = Sequential<Scalar>(layers: [
            BatchNorm2d(name: "norm1", channels: inputChannels),
            ReLU(name: "relu1"),
            Conv2d(name: "conv1", inputChannels: inputChannels, outputChannels: width, kernelSize: 1, bias: false,
                   generator: &generator),
            BatchNorm2d(name: "norm2", channels: width),
            ReLU(name: "relu2"),
            Conv2d(name: "conv2", inputChannels: width, outputChannels: growthRate, kernelSize: 3, padding: 1,
                   bias: false, generator: &generator),
        ])
        return ChannelConcatenation(name: name, typeName: "DenseLayer", body: body)
    }
}
