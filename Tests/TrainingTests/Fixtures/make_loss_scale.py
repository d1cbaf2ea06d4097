"""Writes loss_scale.json: torch.amp.GradScaler's scale, step by step, on a scripted sequence of steps whose
gradients are finite, +inf or NaN, with GradScaler's defaults (init_scale 2**16, growth_factor 2, backoff_factor
0.5, growth_interval 2000). Run with PyTorch 2.13 on the CPU (GradScaler("cpu")):

    /work/main/.venv-bench/bin/python Tests/TrainingTests/Fixtures/make_loss_scale.py

The sequence (run lengths, in order) exercises every rule: overflows at the start back off three times, 2,000
finite steps in a row grow the scale once, an overflow one step short of the next growth resets the count, NaN
backs off like inf, and two growths in a row follow 4,000 finite steps.
"""
import json
from pathlib import Path

import torch

RUNS = [("inf", 3), ("finite", 2000), ("finite", 1999), ("inf", 1), ("finite", 2000), ("nan", 1), ("finite", 5),
        ("inf", 2), ("finite", 4000), ("nan", 1), ("finite", 10)]


def main():
    p = torch.nn.Parameter(torch.ones(3))
    optimizer = torch.optim.SGD([p], lr=1e-3)
    scaler = torch.amp.GradScaler("cpu")
    defaults = dict(init_scale=scaler._init_scale, growth_factor=scaler._growth_factor,
                    backoff_factor=scaler._backoff_factor, growth_interval=scaler._growth_interval)
    kinds, scales, skipped = [], [], []
    x = torch.tensor([0.5, -0.25, 2.0])
    for kind, count in RUNS:
        for _ in range(count):
            optimizer.zero_grad()
            scaler.scale((p * x).sum()).backward()
            if kind == "inf":
                p.grad[1] = float("inf")
            elif kind == "nan":
                p.grad[2] = float("nan")
            before = p.detach().clone()
            scaler.step(optimizer)
            scaler.update()
            kinds.append(kind)
            scales.append(scaler.get_scale())
            skipped.append(bool(torch.equal(before, p.detach())))
    out = Path(__file__).with_name("loss_scale.json")
    out.write_text(json.dumps({"torch": torch.__version__, "defaults": defaults, "runs": RUNS,
                               "scale_after_step": scales, "skipped": skipped}) + "\n")
    print(f"wrote {out}: {len(kinds)} steps, final scale {scales[-1]}, {sum(skipped)} skipped")


if __name__ == "__main__":
    main()
