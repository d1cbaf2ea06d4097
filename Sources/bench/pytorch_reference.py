#!/usr/bin/env python3
"""PyTorch's side of `make bench`: the article's CNN adapted to 1x28x28 images, trained on a synthetic batch.

Same network as Sources/bench (conv 1->64 k3 p1, ReLU, maxpool 2, conv 64->128 k3 p1, ReLU, maxpool 2, flatten,
fc1 6272->128, ReLU, fc2 128->10), batch 64, CrossEntropyLoss, Adam(lr=1e-3). For each thread count it runs
--warmup steps, then times --steps steps --repeats times and keeps the fastest repeat (other processes share the
machine). One line per thread count, parsed by the bench:

    PYTORCH threads=1 images_per_second=744.0 seconds_per_step=0.0860 peak_rss_mib=300.1 torch=2.13.0+cpu
"""
import argparse
import resource
import time

import torch
import torch.nn as nn


def build_model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    torch.manual_seed(0)
    model = build_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = nn.CrossEntropyLoss()
    images = torch.rand(args.batch, 1, 28, 28)
    labels = torch.randint(0, 10, (args.batch,))

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_function(model(images), labels)
        loss.backward()
        optimizer.step()

    for threads in args.threads:
        torch.set_num_threads(threads)
        for _ in range(args.warmup):
            step()
        best = float("inf")
        for _ in range(args.repeats):
            start = time.perf_counter()
            for _ in range(args.steps):
                step()
            best = min(best, (time.perf_counter() - start) / args.steps)
        peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
        print(f"PYTORCH threads={threads} images_per_second={args.batch / best:.1f} seconds_per_step={best:.5f} "
              f"peak_rss_mib={peak_rss_mib:.1f} torch={torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
