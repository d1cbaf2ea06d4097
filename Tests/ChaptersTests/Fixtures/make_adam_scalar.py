#!/usr/bin/env python3
"""Writes adam_scalar.json: torch.optim.Adam on §4.1's scalar problem, the golden states of chapter §4.2.

J(w) = (w·x − y)², x = 3, y = 6, float64 throughout. For each case the state after the listed steps:
w_t, the gradient g_t used by step t, and Adam's exp_avg (m_t) and exp_avg_sq (v_t).
Cases:
  article      α = 0.001, β = (0.9, 0.999), ε = 1e-8, w₀ = 1 (the article's hyper-parameters)
  near-optimum same, w₀ = 2 − 1e-9: |g| = 1.8e-8 is comparable to ε, so where ε sits changes the step by ~10^4
  large-rate   α = 0.1, w₀ = 1: Adam overshoots w* = 2 and oscillates

Run: python3 Tests/ChaptersTests/Fixtures/make_adam_scalar.py   (needs torch; CI does not)
"""
import json
import os

import torch

CASES = [
    ("article", 0.001, 1.0, [1, 2, 3, 10, 100, 1000, 3000]),
    ("near-optimum", 0.001, 2.0 - 1e-9, [1, 2, 3, 10]),
    ("large-rate", 0.1, 1.0, [1, 2, 3, 10, 50, 100]),
]
X, Y, BETAS, EPS = 3.0, 6.0, (0.9, 0.999), 1e-8


def run(lr, w0, recorded):
    w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.Adam([w], lr=lr, betas=BETAS, eps=EPS, foreach=False)
    states = []
    for t in range(1, max(recorded) + 1):
        optimizer.zero_grad()
        loss = ((w * X - Y) ** 2).sum()
        loss.backward()
        g = w.grad.item()
        optimizer.step()
        if t in recorded:
            state = optimizer.state[w]
            states.append({"t": t, "gradient": g, "w": w.item(),
                           "m": state["exp_avg"].item(), "v": state["exp_avg_sq"].item()})
    return states


fixture = {
    "generator": "Tests/ChaptersTests/Fixtures/make_adam_scalar.py",
    "torch": torch.__version__,
    "problem": {"x": X, "y": Y},
    "beta1": BETAS[0], "beta2": BETAS[1], "epsilon": EPS,
    "cases": [{"name": name, "learningRate": lr, "initialWeight": w0, "states": run(lr, w0, steps)}
              for name, lr, w0, steps in CASES],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adam_scalar.json")
with open(path, "w") as out:
    json.dump(fixture, out, indent=1)
    out.write("\n")
print("wrote", path)
