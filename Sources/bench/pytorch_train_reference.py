#!/usr/bin/env python3
"""The article's recipe (§5.2.3) in PyTorch on Fashion-MNIST: the reference that `workbook cnn` is measured against.

The CNN of §5.2.2 adapted to 1×28×28 (conv 1→64, ReLU, pool, conv 64→128, ReLU, pool, fc 6272→128, ReLU,
fc 128→10), CrossEntropyLoss, Adam(lr=0.001), batch 64, shuffle, 10 epochs. Inputs are scaled to [0, 1] and
normalised with the training set's own mean and std (the article's ImageNet numbers do not fit gray images).
The last 5,000 training images are held out for validation, as the workbook does.

Reads the IDX files of Debian's dataset-fashion-mnist directly (no torchvision needed), prints one line per
epoch and a final JSON line prefixed with `RESULT ` for scripts.

    python3 Sources/bench/pytorch_train_reference.py --seed 0 --threads 2

`--randomness workbook` replaces PyTorch's random draws by the workbook's: the initial weights and every epoch's
order come from the same PCG32 streams as in `workbook training --seed N` (Sources/DeepLearning/RandomGenerator.swift,
Initialization.swift, Datasets/Loading/DataLoader.swift), and the inputs are normalised with the same Float
arithmetic. Both engines then start from the same weights and see the same batches, and what is left between their
results is floating-point rounding: the way to tell an engine difference from a difference of random draws.
`--trace-steps K` adds the loss of the first K steps to the result.

`--ddp N` is the twin of `workbook data-parallel`: N processes (torch.multiprocessing, the gloo backend on
127.0.0.1, `--threads` each, 1 for the comparison) train the model wrapped in DistributedDataParallel; every rank
visits the same global order and takes the slice [lo + len·r/N, lo + len·(r + 1)/N) of each global batch of 64, as
the workbook's Shard does. Rank 0 evaluates and prints. `--max-steps S` stops each epoch early (speed runs; it
skips the evaluation, so that the images/s of the steps is all a short run measures).

`--model resnet` trains §5.3.3's small ResNet instead (pytorch_models.SmallResNet, the twin of
Sequential.smallResNet and of `workbook data-parallel --model resnet`), with the same recipe and per-rank batch
norm statistics (DDP's default, `--batch-norm per-rank`): PyTorch's SyncBatchNorm refuses CPU modules ("SyncBatchNorm
layers only work with GPU modules", torch 2.13), so the sync form has no twin on this machine. The RESULT line's
images_per_second counts the global batch's images per second of rank 0's training loop, as the workbook's "images
per second" does.

    python3 Sources/bench/pytorch_train_reference.py --ddp 2 --threads 1 --epochs 1
    python3 Sources/bench/pytorch_train_reference.py --ddp 2 --threads 1 --epochs 1 --model resnet --max-steps 50
"""
import argparse
import gzip
import json
import math
import resource
import time

import os

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn

from pytorch_models import SmallResNet

ROOT = "/usr/share/datasets/fashion-mnist"


def read_idx(name):
    with gzip.open(f"{ROOT}/{name}", "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class WorkbookRandom:
    """The workbook's RandomGenerator: PCG32 (PCG-XSH-RR, 64-bit state), seeded as pcg32_srandom_r(seed, stream)."""
    MASK = (1 << 64) - 1

    def __init__(self, seed, stream):
        self.increment = ((stream << 1) | 1) & self.MASK
        self.state = 0
        self.next_uint32()
        self.state = (self.state + seed) & self.MASK
        self.next_uint32()

    def next_uint32(self):
        old = self.state
        self.state = (old * 6364136223846793005 + self.increment) & self.MASK
        shifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rotation = old >> 59
        return ((shifted >> rotation) | (shifted << (-rotation & 31))) & 0xFFFFFFFF

    def next_uint64(self):
        return (self.next_uint32() << 32) | self.next_uint32()

    def next_int_below(self, bound):
        """Swift's RandomNumberGenerator.next(upperBound:) on UInt64 (Lemire's nearly divisionless method)."""
        product = self.next_uint64() * bound
        if product & self.MASK < bound:
            threshold = ((1 << 64) - bound) % bound
            while product & self.MASK < threshold:
                product = self.next_uint64() * bound
        return product >> 64

    def uniform(self, count, bound):
        """Initialization.uniform: bound·(2u − 1) in double, u = 24 random bits·2⁻²⁴, rounded to float32."""
        units = np.array([self.next_uint32() >> 8 for _ in range(count)], dtype=np.float64) * 2.0 ** -24
        return (bound * (2 * units - 1)).astype(np.float32)


def workbook_initialise(model, seed):
    """The workbook's initial weights for `seed`: stream 2⁶² (CNNTrainer.weightStream), layers in construction
    order, each layer's weight (row-major) then its bias, all uniform in ±1/√fan_in."""
    random = WorkbookRandom(seed, 1 << 62)
    with torch.no_grad():
        for layer in (model.conv1, model.conv2, model.fc1, model.fc2):
            bound = 1 / math.sqrt(layer.weight[0].numel())
            for tensor in (layer.weight, layer.bias):
                values = random.uniform(tensor.numel(), bound)
                tensor.copy_(torch.from_numpy(values).view(tensor.shape))


def workbook_order(seed, epoch, count):
    """DataLoader.order(epoch:): Fisher–Yates from the end with RandomGenerator(seed, stream: epoch)."""
    random = WorkbookRandom(seed, epoch)
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = random.next_int_below(i + 1)
        order[i], order[j] = order[j], order[i]
    return torch.tensor(order)


def workbook_normalise(images, fit):
    """The DataLoader's normalisation stage with InputNormalization(ChannelStatistics(of: fit)): mean and population std from exact
    integer sums in double, rounded to float32, then (byte/255 − mean)/std in float32."""
    n = fit.size
    total, squares = int(fit.sum(dtype=np.int64)), int((fit.astype(np.int64) ** 2).sum())
    mean_byte = total / n
    mean = np.float32(mean_byte / 255)
    std = np.float32(math.sqrt(squares / n - mean_byte * mean_byte) / 255)
    return (images.astype(np.float32) / np.float32(255) - mean) / std


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


def fashion_mnist(workbook):
    """(images [N, 1, 28, 28] normalised, labels) of the fit set (the first 55,000 training images), the
    validation set (the last 5,000) and the test set; normalised with the fit set's mean and std, in the workbook's
    arithmetic when `workbook`."""
    train_bytes, test_bytes = read_idx("train-images-idx3-ubyte.gz"), read_idx("t10k-images-idx3-ubyte.gz")
    train_y = read_idx("train-labels-idx1-ubyte.gz").astype(np.int64)
    test_y = read_idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
    fit_bytes = train_bytes[:55000]
    if workbook:
        normalise = lambda a: workbook_normalise(a, fit_bytes)
    else:
        fit = fit_bytes.astype(np.float32) / 255
        mean, std = fit.mean(), fit.std()
        normalise = lambda a: (a.astype(np.float32) / 255 - mean) / std
    pair = lambda images, labels: (torch.from_numpy(normalise(images)).unsqueeze(1), torch.from_numpy(labels))
    return (pair(fit_bytes, train_y[:55000]), pair(train_bytes[55000:], train_y[55000:]),
            pair(test_bytes, test_y))


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
    parser.add_argument("--randomness", choices=("torch", "workbook"), default="torch",
                        help="whose random draws give the initial weights and the order of each epoch")
    parser.add_argument("--trace-steps", type=int, default=0, help="report the loss of the first K steps")
    parser.add_argument("--ddp", type=int, default=1, help="processes of DistributedDataParallel (gloo)")
    parser.add_argument("--max-steps", type=int, default=0,
                        help="stop each epoch after this many steps (0: never); skips the evaluation")
    parser.add_argument("--model", choices=("cnn", "resnet"), default="cnn")
    args = parser.parse_args()
    if args.model != "cnn" and args.randomness == "workbook":
        parser.error("--randomness workbook draws the CNN's weights only; use --model cnn")
    if args.ddp > 1:
        os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
        os.environ.setdefault("MASTER_PORT", "29512")
        mp.spawn(train, args=(args,), nprocs=args.ddp)
    else:
        train(0, args)


def train(rank, args):
    world = args.ddp
    if world > 1:
        dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    workbook = args.randomness == "workbook"

    (fit_x, fit_y), (val_x, val_y), (test_x, test_y) = fashion_mnist(workbook)
    model = CNN() if args.model == "cnn" else SmallResNet()
    if workbook:
        workbook_initialise(model, args.seed)
    trained = nn.parallel.DistributedDataParallel(model) if world > 1 else model
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    epochs, trace = [], []
    for epoch in range(args.epochs):
        model.train()
        start = time.perf_counter()
        order = workbook_order(args.seed, epoch, len(fit_x)) if workbook else torch.randperm(len(fit_x))
        running, batches, images = 0.0, 0, 0
        for i in range(0, len(order), 64):
            if args.max_steps and batches == args.max_steps:
                break
            length = min(64, len(order) - i)
            index = order[i + length * rank // world:i + length * (rank + 1) // world]
            optimizer.zero_grad()
            loss = criterion(trained(fit_x[index]), fit_y[index])
            loss.backward()
            optimizer.step()
            running += loss.item()
            batches += 1
            images += length
            if len(trace) < args.trace_steps:
                trace.append(loss.item())
        seconds = time.perf_counter() - start
        if rank != 0:
            continue
        evaluated = not args.max_steps
        val = accuracy(model, val_x, val_y) if evaluated else None
        test = accuracy(model, test_x, test_y) if evaluated else None
        epochs.append(dict(epoch=epoch + 1, loss=running / batches, val=val, test=test, seconds=seconds,
                           steps=batches, images_per_second=images / seconds))
        scores = f"  val {val:.2f}%  test {test:.2f}%" if evaluated else ""
        print(f"epoch {epoch + 1}: loss {running / batches:.4f}{scores}  {batches} steps  "
              f"{seconds:.1f} s ({images / seconds:.0f} img/s)", flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()
    if rank != 0:
        return
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = dict(seed=args.seed, randomness=args.randomness, threads=args.threads, torch=torch.__version__,
                  epochs=epochs, peak_rss_mib=rss, processes=world, model=args.model, batch_norm="per-rank")
    if trace:
        result["first_step_losses"] = trace
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
