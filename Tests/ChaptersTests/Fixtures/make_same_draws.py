#!/usr/bin/env python3
"""Writes same_draws.json: PyTorch training the §5.2.3 CNN from the workbook's random draws.

With `--randomness workbook`, Sources/bench/pytorch_train_reference.py mirrors the workbook's PCG32 streams: the
initial weights of `CNNTrainer(seed:)`, the order of each epoch of its `DataLoader`, and its input normalisation.
This records, for seeds 0 and 1, a few of those initial weights, the first indices of epoch 0's order, and the loss
of each of the first 8 steps (batch 64, Adam lr 0.001, float32, 1 thread) of PyTorch's own forward, backward and
Adam. The workbook must agree: the same draws (exactly) and the same losses (to float32 rounding).

Run: python3 Tests/ChaptersTests/Fixtures/make_same_draws.py   (needs torch and dataset-fashion-mnist; CI does not)
"""
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../Sources/bench"))
import pytorch_train_reference as reference  # noqa: E402
from pytorch_models import ArticleCNN  # noqa: E402

SEEDS, STEPS, BATCH = (0, 1), 8, 64


def run(seed, fit_x, fit_y):
    model = ArticleCNN()
    reference.workbook_initialise(model, seed)
    first_weights = dict(conv1=model.conv1.weight.flatten()[:4].tolist(), fc2_bias=model.fc2.bias[:4].tolist())
    order = reference.workbook_order(seed, 0, len(fit_x))
    optimizer, criterion = torch.optim.Adam(model.parameters(), lr=0.001), nn.CrossEntropyLoss()
    losses = []
    for step in range(STEPS):
        index = order[step * BATCH:(step + 1) * BATCH]
        optimizer.zero_grad()
        loss = criterion(model(fit_x[index]), fit_y[index])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return dict(seed=seed, first_weights=first_weights, first_order=order[:16].tolist(), losses=losses)


def main():
    torch.set_num_threads(1)
    (fit_x, fit_y), _, _ = reference.fashion_mnist(workbook=True)
    runs = [run(seed, fit_x, fit_y) for seed in SEEDS]
    fixture = dict(torch=torch.__version__, batch_size=BATCH, learning_rate=0.001, runs=runs)
    path = os.path.join(os.path.dirname(__file__), "same_draws.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
