#!/usr/bin/env python3
"""PyTorch reference values for the engine's ResNet and DenseNet blocks and the two 28x28 models built from them.

Run from the repository root with PyTorch (CI has none; commit the outputs):

    python3 Tests/DeepLearningTests/Fixtures/make_block_fixtures.py

Writes, beside this script:

- blocks.json, in make_fixtures.py's schema (read by Fixture.swift): one case per block, in float64. Every
  parameter is set from a closed formula, wave(n, a, b, scale)[i] = scale * sin(a*i + b), and so are the input and
  the upstream gradient fed to backward. Tensors: "input", "upstream", "output", "grad_input", every parameter under
  its named_parameters() name ("conv1.weight", "downsample.1.bias") with its gradient as "grad_<name>", and every
  buffer of the state_dict before the call ("<name>") and after it ("after.<name>": running statistics).
  Cases: a BasicBlock with the identity shortcut and one with the 1x1 projection (training mode), the projection
  block in evaluation mode, a DenseNet-BC dense layer, and a transition.
- models.json: for the small ResNet (174,970 parameters) and the DenseNet-BC of the workbook, their
  named_parameters() and state_dict() names and shapes, the parameter count, and the forward FLOPs of one 1x28x28
  image counted with forward hooks (2 per multiply-add, convolutions and linear layers only, as the workbook's
  ModelSummary counts).

The blocks and models come from Sources/bench/pytorch_models.py, the one PyTorch definition that the bench and
the training twin (pytorch_train_reference.py) use too; they are written as torchvision writes its blocks (same
module names, same registration order), so that the names are torchvision's without needing torchvision installed.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "Sources", "bench"))
from pytorch_models import Attention, BasicBlock, DenseLayer, DenseNetBC, SmallResNet, Transition  # noqa: E402

GENERATOR = "Tests/DeepLearningTests/Fixtures/make_block_fixtures.py"
torch.set_default_dtype(torch.float64)


def wave(shape, a, b, scale=1.0):
    n = math.prod(shape)
    return torch.tensor([scale * math.sin(a * i + b) for i in range(n)], dtype=torch.float64).reshape(shape)


# ---- blocks.json -------------------------------------------------------------------------------------------

def entry(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "values": [float(x) for x in t.reshape(-1).tolist()]}


def set_parameters(module):
    """Every parameter and BatchNorm buffer from closed formulas, different per tensor: weights of scale 0.5,
    batch-norm gammas around 1, betas and running means small, running variances in [0.5, 1.5]."""
    with torch.no_grad():
        for index, (name, p) in enumerate(module.named_parameters()):
            if name.endswith("bias"):
                p.copy_(wave(list(p.shape), 1.1 + 0.1 * index, 0.5, 0.2))
            elif p.dim() == 1:  # a batch norm's gamma
                p.copy_(1 + wave(list(p.shape), 0.9 + 0.1 * index, 0.3, 0.3))
            else:
                p.copy_(wave(list(p.shape), 0.71 + 0.01 * index, 0.2, 0.5))
        for index, (name, b) in enumerate(module.named_buffers()):
            if name.endswith("running_mean"):
                b.copy_(wave(list(b.shape), 0.6 + 0.1 * index, 0.1, 0.2))
            elif name.endswith("running_var"):
                b.copy_(1 + wave(list(b.shape), 0.8 + 0.1 * index, 0.7, 0.5))


def block_case(name, config, module, input_shape, training):
    set_parameters(module)
    module.train(training)
    before = {key: value.clone() for key, value in module.state_dict().items()
              if not key.endswith("num_batches_tracked")}
    x = wave(input_shape, 0.37, 0.1, 1.5).requires_grad_(True)
    y = module(x)
    upstream = wave(list(y.shape), 0.23, 0.3)
    y.backward(upstream)
    tensors = dict(input=x, upstream=upstream, output=y, grad_input=x.grad)
    for pname, p in module.named_parameters():
        tensors[pname] = p
        tensors["grad_" + pname] = p.grad
    for key, value in before.items():
        if key not in tensors:
            tensors[key] = value
    for key, value in module.state_dict().items():
        if not key.endswith("num_batches_tracked") and key not in dict(module.named_parameters()):
            tensors["after." + key] = value
    config = dict(config, training=int(training))
    return {"name": name, "config": config, "tensors": {k: entry(v) for k, v in tensors.items()}}


def blocks():
    return [
        block_case("basic_block_identity", dict(in_channels=3, out_channels=3, stride=1),
                   BasicBlock(3, 3, 1), [2, 3, 5, 5], training=True),
        block_case("basic_block_projection", dict(in_channels=2, out_channels=4, stride=2),
                   BasicBlock(2, 4, 2), [2, 2, 5, 6], training=True),
        block_case("basic_block_projection_eval", dict(in_channels=2, out_channels=4, stride=2),
                   BasicBlock(2, 4, 2), [2, 2, 5, 6], training=False),
        block_case("dense_layer", dict(in_channels=5, growth_rate=3, bottleneck_factor=4),
                   DenseLayer(5, 3, 4), [2, 5, 4, 5], training=True),
        block_case("dense_transition", dict(in_channels=6, out_channels=3),
                   Transition(6, 3), [2, 6, 4, 6], training=True),
    ]


# ---- models.json -------------------------------------------------------------------------------------------

def forward_flops(model, input_shape):
    """2 per multiply-add of every Conv2d and Linear on one forward pass, counted from the shapes PyTorch runs, plus
    4*T^2*C per image for each self-attention's q k^T and p v (the workbook's ViT; none in the CNNs)."""
    total = [0]

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            per_output = module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
            total[0] += 2 * output.numel() * per_output
        elif isinstance(module, nn.Linear):
            total[0] += 2 * output.numel() * module.in_features
        elif isinstance(module, Attention):
            B, T, C = inputs[0].shape
            total[0] += 4 * B * T * T * C

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (nn.Conv2d, nn.Linear, Attention))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(input_shape))
    for handle in handles:
        handle.remove()
    return total[0]


def describe(model):
    return dict(
        named_parameters=[[name, list(p.shape)] for name, p in model.named_parameters()],
        state_dict=[[name, list(t.shape)] for name, t in model.state_dict().items()],
        parameter_count=sum(p.numel() for p in model.parameters()),
        forward_flops_per_image=forward_flops(model, [1, 1, 28, 28]),
    )


def main():
    document = dict(generator=GENERATOR, torch=torch.__version__, dtype="float64", cases=blocks())
    with open(os.path.join(HERE, "blocks.json"), "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    models = dict(generator=GENERATOR, torch=torch.__version__,
                  small_resnet=describe(SmallResNet()), densenet_bc=describe(DenseNetBC()))
    with open(os.path.join(HERE, "models.json"), "w") as f:
        json.dump(models, f, indent=1)
        f.write("\n")
    for key in ("small_resnet", "densenet_bc"):
        print(f"{key}: {models[key]['parameter_count']:,} parameters, "
              f"{models[key]['forward_flops_per_image']:,} forward FLOPs per image")


if __name__ == "__main__":
    main()
