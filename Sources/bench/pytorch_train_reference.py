#!/usr/bin/env python3
"""The article's recipe (§5.2.3) in PyTorch on Fashion-MNIST: the reference that `workbook cnn` is measured against.

The CNN of §5.2.2 adapted to 1×28×28 (conv 1→64, ReLU, pool, conv 64→128, ReLU, pool, fc 6272→128, ReLU,
fc 128→10), CrossEntropyLoss, Adam(lr=0.001), batch 64, shuffle, 10 epochs. Inputs are scaled to [0, 1] and
normalised with the training set's own mean and std (the article's ImageNet numbers do not fit gray images).
The last 5,000 training images are held out for validation, as the workbook does.

Reads the IDX files of Debian's dataset-fashion-mnist directly (no torchvision needed), prints one line per
epoch and a final JSON line prefixed with `RESULT ` for scripts.

    python3 Sources/bench/pytorch_train_reference.py --seed 0 --threads 2
"""
import argparse
import gzip
import json
import resource
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = "/usr/share/datasets/fashion-mnist"


def read_idx(name):
    with gzip.open(f"{ROOT}/{name}", "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(64, 128, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        self.relu = nn.ReLU()
        self.fc1 = nn.Linear(128 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = x.view(x.size(0), -1)
        return self.fc2(self.relu(self.fc1(x)))


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            correct += (model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
    return 100.0 * correct / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    train_x = read_idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255
    train_y = read_idx("train-labels-idx1-ubyte.gz").astype(np.int64)
    test_x = read_idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255
    test_y = read_idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
    fit_x, fit_y, val_x, val_y = train_x[:55000], train_y[:55000], train_x[55000:], train_y[55000:]
    mean, std = fit_x.mean(), fit_x.std()
    to_tensor = lambda a: torch.from_numpy((a - mean) / std).unsqueeze(1)
    fit_x, val_x, test_x = to_tensor(fit_x), to_tensor(val_x), to_tensor(test_x)
    fit_y, val_y, test_y = map(torch.from_numpy, (fit_y, val_y, test_y))

    model = CNN()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    epochs = []
    for epoch in range(args.epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(fit_x))
        running, batches = 0.0, 0
        for i in range(0, len(order), 64):
            index = order[i:i + 64]
            optimizer.zero_grad()
            loss = criterion(model(fit_x[index]), fit_y[index])
            loss.backward()
            optimizer.step()
            running += loss.item()
            batches += 1
        seconds = time.perf_counter() - start
        val, test = accuracy(model, val_x, val_y), accuracy(model, test_x, test_y)
        epochs.append(dict(epoch=epoch + 1, loss=running / batches, val=val, test=test, seconds=seconds))
        print(f"epoch {epoch + 1}: loss {running / batches:.4f}  val {val:.2f}%  test {test:.2f}%  "
              f"{seconds:.1f} s ({len(fit_x) / seconds:.0f} img/s)", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(dict(seed=args.seed, threads=args.threads, torch=torch.__version__,
                                      epochs=epochs, peak_rss_mib=rss)))


if __name__ == "__main__":
    main()
