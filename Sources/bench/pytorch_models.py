"""The PyTorch definitions of the workbook's models, shared by the bench (pytorch_reference.py), the training
twin (pytorch_train_reference.py) and the block fixtures (Tests/DeepLearningTests/Fixtures/make_block_fixtures.py).

Each is the same network as its Swift builder: ArticleCNN as Sequential.articleCNN (Sources/DeepLearning/
ArticleCNN.swift) at 1x28x28; SmallResNet as Sequential.smallResNet (SmallResNet.swift); DenseNetBC as
Sequential.denseNetBC (DenseNetBC.swift); SmallViT as VisionTransformer (VisionTransformer.swift), its blocks as
Sequential.transformerBlock (TransformerBlock.swift), named as timm's VisionTransformer. The blocks are written as torchvision writes them
(torchvision.models.resnet.BasicBlock, torchvision.models.densenet._DenseLayer and _Transition: same module
names, same registration order), so that state_dict keys are torchvision's and equal the workbook's, and
modules() visits the convolutions and linear layers in the order the workbook constructs (and initialises) them.
"""
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


class ArticleCNN(nn.Module):
    """The article's CNN of section 5.2.2 adapted to 1x28x28: conv 1->64, ReLU, pool, conv 64->128, ReLU, pool,
    fc 6272->128, ReLU, fc 128->10."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(64, 128, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        self.relu = nn.ReLU()
        self.fc1 = nn.Linear(128 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = x.view(x.size(0), -1)
        return self.fc2(self.relu(self.fc1(x)))


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock (expansion 1), with its downsample built as torchvision's ResNet
    builds it: Sequential(conv1x1(stride), BatchNorm2d)."""

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False),
                                            nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)


class DenseLayer(nn.Module):
    """torchvision.models.densenet._DenseLayer (drop_rate 0), returning torch.cat([x, new_features], 1) as the
    workbook's layer does (torchvision's _DenseBlock does the concatenation; the result is the same)."""

    def __init__(self, num_input_features, growth_rate, bn_size=4):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(num_input_features)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(num_input_features, bn_size * growth_rate, kernel_size=1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth_rate)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(bn_size * growth_rate, growth_rate, kernel_size=3, padding=1, bias=False)

    def forward(self, x):
        new = self.conv2(self.relu2(self.norm2(self.conv1(self.relu1(self.norm1(x))))))
        return torch.cat([x, new], 1)


class Transition(nn.Sequential):
    """torchvision.models.densenet._Transition."""

    def __init__(self, num_input_features, num_output_features):
        super().__init__()
        self.norm = nn.BatchNorm2d(num_input_features)
        self.relu = nn.ReLU(inplace=True)
        self.conv = nn.Conv2d(num_input_features, num_output_features, kernel_size=1, bias=False)
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)


class SmallResNet(nn.Module):
    def __init__(self, widths=(16, 32, 64), blocks=2, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, widths[0], 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        channels = widths[0]
        for stage, width in enumerate(widths):
            layers = []
            for index in range(blocks):
                layers.append(BasicBlock(channels, width, 2 if stage > 0 and index == 0 else 1))
                channels = width
            setattr(self, f"layer{stage + 1}", nn.Sequential(*layers))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels, classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class DenseNetBC(nn.Module):
    def __init__(self, growth_rate=12, layers_per_block=6, blocks=3, classes=10):
        super().__init__()
        channels = 2 * growth_rate
        features = OrderedDict(conv0=nn.Conv2d(1, channels, 3, padding=1, bias=False))
        for block in range(1, blocks + 1):
            layers = OrderedDict()
            for index in range(1, layers_per_block + 1):
                layers[f"denselayer{index}"] = DenseLayer(channels, growth_rate)
                channels += growth_rate
            features[f"denseblock{block}"] = nn.Sequential(layers)
            if block < blocks:
                features[f"transition{block}"] = Transition(channels, channels // 2)
                channels //= 2
        features["norm5"] = nn.BatchNorm2d(channels)
        self.features = nn.Sequential(features)
        self.classifier = nn.Linear(channels, classes)

    def forward(self, x):
        out = torch.relu(self.features(x))
        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(out, 1), 1))


class Attention(nn.Module):
    """Multi-head self-attention as timm's Attention: qkv Linear C->3C, scaled dot-product attention per head,
    proj Linear C->C."""

    def __init__(self, dim, heads, causal=False):
        super().__init__()
        self.heads = heads
        self.causal = causal
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).reshape(B, T, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
        x = F.scaled_dot_product_attention(q, k, v, is_causal=self.causal)
        return self.proj(x.transpose(1, 2).reshape(B, T, C))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    """timm's pre-norm Block without dropout or layer scale: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, dim, heads, mlp_ratio=4):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, mlp_ratio * dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, channels, dim, patch_size):
        super().__init__()
        self.proj = nn.Conv2d(channels, dim, patch_size, stride=patch_size)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class SmallViT(nn.Module):
    """A ViT for 28x28 images (Dosovitskiy et al. 2021), timm's module names: patch 4 -> 49 tokens + the class
    token, dim 64, 6 blocks of 4 heads, MLP 4x with GELU, final LayerNorm, head on the class token. 305,034
    parameters at the defaults."""

    def __init__(self, image_size=28, patch_size=4, dim=64, depth=6, heads=4, mlp_ratio=4, classes=10, channels=1):
        super().__init__()
        tokens = (image_size // patch_size) ** 2
        self.patch_embed = PatchEmbed(channels, dim, patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.randn(1, tokens + 1, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, mlp_ratio) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.patch_embed(x)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        return self.head(self.norm(self.blocks(x))[:, 0])


MODELS = {"cnn": ArticleCNN, "resnet": SmallResNet, "densenet": DenseNetBC, "vit": SmallViT,
          # VisionTransformer.narrow: dimension 48, 173,482 parameters (the ResNet's count within 1%, §9.1).
          "vit-narrow": lambda: SmallViT(dim=48)}
