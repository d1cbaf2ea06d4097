#!/usr/bin/env python3
"""PyTorch's side of `make bench`: a model at 1x28x28, trained on a synthetic batch.

--model cnn (the default) is the article's CNN (conv 1->64 k3 p1, ReLU, maxpool 2, conv 64->128 k3 p1, ReLU,
maxpool 2, flatten, fc1 6272->128, ReLU, fc2 128->10); resnet and densenet are the two models of section 5.3.3;
all three from pytorch_models.py, the same networks as Sources/bench/BenchModel.swift builds. Batch 64,
CrossEntropyLoss, Adam(lr=1e-3). For each thread count it runs
--warmup steps, then times --steps steps --repeats times and keeps the fastest repeat (other processes share the
machine). One line per thread count, parsed by the bench:

    PYTORCH threads=1 images_per_second=744.0 seconds_per_step=0.0860 peak_rss_mib=300.1 torch=2.13.0+cpu
"""
import argparse
import resource
import time

import torch
import torch.nn as nn

from pytorch_models import MODELS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="cnn")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cpu-clock", action="store_true",
                        help="time on the calling thread's CPU clock (meaningful at 1 thread on a busy machine)")
    args = parser.parse_args()
    clock = time.thread_time if args.cpu_clock else time.perf_counter

    torch.manual_seed(0)
    model = MODELS[args.model]()
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
            start = clock()
            for _ in range(args.steps):
                step()
            best = min(best, (clock() - start) / args.steps)
        peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
        print(f"PYTORCH threads={threads} images_per_second={args.batch / best:.1f} seconds_per_step={best:.5f} "
              f"peak_rss_mib={peak_rss_mib:.1f} torch={torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
