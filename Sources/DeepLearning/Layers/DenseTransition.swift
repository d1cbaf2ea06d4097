extension Sequential {
    /// DenseNet's transition between dense blocks (torchvision's `_Transition`): batch norm, ReLU, a 1×1
    /// convolution without bias that compresses the channels (DenseNet-BC: to ⌊θ·C⌋ with θ = 0.5, the "C" of BC),
    /// and a 2×2 average pool that halves the image.
    ///
    /// input [N, C, H, W] → output [N, outputChannels, ⌊H/2⌋, ⌊W/2⌋]. Names as torchvision's: `norm`, `relu`,
    /// `conv`, `pool`; the convolution draws from `generator`.
    public static func denseTransition(name: String, inputChannels: Int, outputChannels: Int,
                                       generator: inout RandomGenerator) -> Sequential {
        Sequential(name: name, layers: [
            BatchNorm2d(name: "norm", channels: inputChannels),
            ReLU(name: "relu"),
            Conv2d(name: "conv", inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1,
                   bias: false, generator: &generator),
            AvgPool2d(name: "pool", kernelSize: 2),
        ])
    }
}
