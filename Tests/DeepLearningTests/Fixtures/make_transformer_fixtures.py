#!/usr/bin/env python3
"""PyTorch reference values for the engine's Transformer kernels, layers and the small ViT.

Run from the repository root with PyTorch (CI has none; commit the output):

    /work/main/.venv-bench/bin/python Tests/DeepLearningTests/Fixtures/make_transformer_fixtures.py

Writes transformer.json beside this script, in make_fixtures.py's schema (read by Fixture.swift), all in float64.
Every input, parameter and upstream gradient is a closed formula, make_block_fixtures.py's wave(shape, a, b,
scale)[i] = scale*sin(a*i + b), the parameters set by its set_parameters (weights and the class token and position
embedding of scale 0.5, LayerNorm gammas around 1, biases small). Cases:

- layer_norm: nn.LayerNorm(6) on [2, 3, 6]: output, grad_input, grad_weight, grad_bias.
- gelu_none, gelu_tanh: nn.GELU() (PyTorch's default, the erf form) and nn.GELU(approximate='tanh') on 61 points
  in [-6, 6] plus 0: output and grad_input.
- softmax: torch.softmax(x, -1) on [3, 7] with entries up to +-4: output, grad_input.
- attention, attention_causal: F.scaled_dot_product_attention on the heads of a qkv tensor [2, 5, 3*8] with 2
  heads (qkv.reshape(B, T, 3, heads, hs), as pytorch_models.Attention); output [2, 5, 8], probabilities
  softmax(q k^T / sqrt(hs)) [2, 2, 5, 5] (masked when causal), grad_qkv.
- transformer_block: pytorch_models.Block(8, heads=2) on [2, 5, 8]: output, grad_input, every parameter under
  its named_parameters() name and its gradient as grad_<name>.
- vision_transformer: pytorch_models.SmallViT(image_size=8, patch_size=4, dim=8, depth=2, heads=2, classes=3)
  on [2, 1, 8, 8], the same tensors.

and the small ViT of the workbook (SmallViT() at its defaults) described as models.json describes the CNNs:
named_parameters names and shapes, the parameter count, and the forward FLOPs of one 1x28x28 image (2 per
multiply-add of every Conv2d and Linear, plus attention's two products, 4*T^2*C per image per block, which
torchinfo does not count and the workbook does: make_block_fixtures.forward_flops).
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "Sources", "bench"))
from make_block_fixtures import block_case, entry, forward_flops, wave  # noqa: E402
from pytorch_models import Block, SmallViT  # noqa: E402

GENERATOR = "Tests/DeepLearningTests/Fixtures/make_transformer_fixtures.py"
torch.set_default_dtype(torch.float64)


def case(name, config, tensors):
    return {"name": name, "config": config, "tensors": {k: entry(v) for k, v in tensors.items()}}


def elementwise_case(name, function, x):
    x = x.clone().requires_grad_(True)
    y = function(x)
    upstream = wave(list(y.shape), 0.61, 0.2)
    y.backward(upstream)
    return case(name, {}, dict(input=x, upstream=upstream, output=y, grad_input=x.grad))


def attention_case(name, causal):
    B, T, C, heads = 2, 5, 8, 2
    qkv = wave([B, T, 3 * C], 0.53, 0.4, 1.5).requires_grad_(True)
    q, k, v = qkv.reshape(B, T, 3, heads, C // heads).permute(2, 0, 3, 1, 4)
    out = F.scaled_dot_product_attention(q, k, v, is_causal=causal).transpose(1, 2).reshape(B, T, C)
    upstream = wave([B, T, C], 0.29, 0.1)
    out.backward(upstream)
    with torch.no_grad():
        scores = q @ k.transpose(-2, -1) / math.sqrt(C // heads)
        if causal:
            scores = scores.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
        probabilities = torch.softmax(scores, -1)
    config = dict(batch=B, tokens=T, channels=C, heads=heads, causal=int(causal))
    return case(name, config, dict(qkv=qkv, upstream=upstream, output=out, probabilities=probabilities,
                                   grad_qkv=qkv.grad))


def cases():
    points = torch.cat([torch.linspace(-6, 6, 61), torch.zeros(1)])
    return [
        block_case("layer_norm", dict(channels=6), nn.LayerNorm(6), [2, 3, 6], training=True),
        elementwise_case("gelu_none", nn.GELU(), points),
        elementwise_case("gelu_tanh", nn.GELU(approximate="tanh"), points),
        elementwise_case("softmax", lambda x: torch.softmax(x, -1), wave([3, 7], 0.81, 0.3, 4.0)),
        attention_case("attention", causal=False),
        attention_case("attention_causal", causal=True),
        block_case("transformer_block", dict(dimension=8, heads=2, mlp_ratio=4), Block(8, 2), [2, 5, 8],
                   training=True),
        block_case("vision_transformer", dict(image_size=8, patch_size=4, dimension=8, depth=2, heads=2, classes=3),
                   SmallViT(image_size=8, patch_size=4, dim=8, depth=2, heads=2, classes=3), [2, 1, 8, 8],
                   training=True),
    ]


def main():
    model = SmallViT()
    description = dict(
        named_parameters=[[name, list(p.shape)] for name, p in model.named_parameters()],
        parameter_count=sum(p.numel() for p in model.parameters()),
        forward_flops_per_image=forward_flops(model, [1, 1, 28, 28]),
    )
    document = dict(generator=GENERATOR, torch=torch.__version__, dtype="float64", cases=cases(),
                     small_vit=description)
    with open(os.path.join(HERE, "transformer.json"), "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"small_vit: {description['parameter_count']:,} parameters, "
          f"{description['forward_flops_per_image']:,} forward FLOPs per image")


if __name__ == "__main__":
    main()
