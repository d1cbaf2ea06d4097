#!/usr/bin/env python3
"""Writes schedules.json: the learning rate (and Adam's beta1) PyTorch's schedulers give at every optimizer step.

The workbook's `LearningRateSchedule` gives the learning rate of optimizer step t (0-based) from a formula; these
are PyTorch's own schedulers stepped once per optimizer step, read before each step:
- step: StepLR(step_size=4, gamma=0.5), base lr 0.1, 12 steps;
- warm-up + cosine: SequentialLR([LinearLR(start_factor=0.1, total_iters=5),
  CosineAnnealingLR(T_max=15, eta_min=1e-4)], milestones=[5]), base lr 0.01, 20 steps;
- one-cycle: OneCycleLR(max_lr=0.01, total_steps=20) with its defaults (pct_start 0.3, div_factor 25,
  final_div_factor 1e4, cosine annealing, beta1 cycled between 0.85 and 0.95) on Adam.

Run: python3 Tests/TrainingTests/Fixtures/make_schedules.py   (needs torch; CI does not)
"""
import json
import os

import torch


def trace(make, base_lr, steps):
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.Adam([parameter], lr=base_lr)
    scheduler = make(optimizer)
    rates, betas = [], []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]["lr"])
        betas.append(optimizer.param_groups[0]["betas"][0])
        optimizer.step()
        scheduler.step()
    return dict(base_lr=base_lr, learning_rates=rates, beta1=betas)


def main():
    sched = torch.optim.lr_scheduler
    fixture = dict(
        torch=torch.__version__,
        step=trace(lambda o: sched.StepLR(o, step_size=4, gamma=0.5), 0.1, 12),
        warmup_cosine=trace(lambda o: sched.SequentialLR(o, [
            sched.LinearLR(o, start_factor=0.1, total_iters=5),
            sched.CosineAnnealingLR(o, T_max=15, eta_min=1e-4)], milestones=[5]), 0.01, 20),
        one_cycle=trace(lambda o: sched.OneCycleLR(o, max_lr=0.01, total_steps=20), 0.01, 20),
    )
    with open(os.path.join(os.path.dirname(__file__), "schedules.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
