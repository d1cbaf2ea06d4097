#!/usr/bin/env python3
"""Writes module_names.json: the names PyTorch gives the parameters and buffers of two small models.

The workbook names parameters from its module tree (`Layer.namedParameters()`), so that a safetensors file it
writes loads into a PyTorch model of the same architecture with `load_state_dict`. This records, for
- "nested": a stem (conv, bn, relu), a stage of two ResNet basic blocks (the second with a 1x1 downsample), a
  global average pool and a classifier, registered in that order;
- "tied": two Linear layers that share one weight (`decoder.weight = encoder.weight`),
the order and shapes of `named_parameters()` (which lists a shared tensor once, under its first name), the keys and
shapes of `state_dict()` (which lists it under every name; the later names are recorded as `shared_aliases`), and
the number of distinct parameters.

Run: python3 Tests/DeepLearningTests/Fixtures/make_module_names.py   (needs torch; CI does not)
"""
import json
import os
from collections import OrderedDict

import torch
import torch.nn as nn


class BasicBlock(nn.Module):
    """torchvision's BasicBlock registration order: conv1, bn1, relu, conv2, bn2, downsample."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))


def nested():
    return nn.Sequential(OrderedDict([
        ("stem", nn.Sequential(OrderedDict([
            ("conv", nn.Conv2d(1, 4, 3, padding=1, bias=False)), ("bn", nn.BatchNorm2d(4)), ("relu", nn.ReLU())]))),
        ("stage1", nn.Sequential(BasicBlock(4, 4, 1), BasicBlock(4, 8, 2))),
        ("pool", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten()),
        ("fc", nn.Linear(8, 10)),
    ]))


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(4, 4)
        self.decoder = nn.Linear(4, 4)
        self.decoder.weight = self.encoder.weight


def describe(model):
    seen, aliases = set(), []
    for name, tensor in model.state_dict(keep_vars=True).items():
        if id(tensor) in seen:
            aliases.append(name)  # a second key of a shared tensor: safetensors stores it once
        seen.add(id(tensor))
    return dict(
        named_parameters=[[name, list(p.shape)] for name, p in model.named_parameters()],
        state_dict=[[name, list(t.shape)] for name, t in model.state_dict().items()],
        shared_aliases=aliases,
        parameter_count=sum(p.numel() for p in model.parameters()),
    )


def main():
    fixture = dict(torch=torch.__version__, nested=describe(nested()), tied=describe(Tied()))
    with open(os.path.join(os.path.dirname(__file__), "module_names.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
