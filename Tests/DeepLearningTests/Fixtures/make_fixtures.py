#!/usr/bin/env python3
"""PyTorch reference values for the DeepLearning tests (layers, losses, optimizers, safetensors).

Run from the repository root with PyTorch (and, for reference.safetensors, the `safetensors` package):

    python3 Tests/DeepLearningTests/Fixtures/make_fixtures.py

It rewrites the JSON files and reference.safetensors beside this script; commit them (CI has no PyTorch).
Every input comes from a closed formula -- wave(n, a, b, scale)[i] = scale * sin(a*i + b) (Python's math.sin,
i.e. libm) -- never from a random generator, so the Swift side could rebuild any of them; the fixtures still
carry every input so that the tests need no formula. Everything runs in float64.

JSON schema (every file; read by Tests/DeepLearningTests/Fixture.swift):

    {
      "generator": "Tests/DeepLearningTests/Fixtures/make_fixtures.py",
      "torch": "<torch.__version__>",
      "dtype": "float64",
      "cases": [
        {
          "name": "<case name, unique in the file>",
          "config": {"<setting>": <number>, ...},        # every setting is a number (booleans as 0/1)
          "tensors": {"<name>": {"shape": [<int>, ...],   # [] for a scalar
                                 "values": [<float>, ...]}}  # row-major, shortest round-trip decimal
        }
      ]
    }

Tensor names used by the layer cases: input, weight, bias, output, upstream (d loss/d output, the gradient fed
to backward; a closed formula), grad_input, grad_weight, grad_bias; batch norm adds running_mean and running_var
(before the call) and running_mean_after, running_var_after. Loss cases: input, target, loss (shape []),
grad_input, and for weighted cross-entropy weight (one per class). Optimizer cases: for each parameter p0, p1 and step k = 1...steps: "<p>.initial", "<p>.gradient.<k>"
(the gradient set before step k: g = c*p + d element-wise, c and d closed formulas), "<p>.value.<k>" (after
step k) and the optimizer state after step k: "<p>.exp_avg.<k>", "<p>.exp_avg_sq.<k>" (Adam, AdamW),
"<p>.momentum_buffer.<k>" (SGD with momentum).

Files: conv2d.json, maxpool2d.json, linear.json, batchnorm2d.json, losses.json, optimizers.json,
adam_scalar.json (Adam on J(w) = (3w - 6)^2 from w0 = 1: w, m, v, m_hat, v_hat after steps 1, 2, 3, 10, 100),
reference.safetensors (written by the safetensors package; see write_reference_safetensors).
"""

import json
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_default_dtype(torch.float64)


def wave(n, a, b, scale=1.0):
    """The closed-form input: scale * sin(a*i + b) for i in 0..<n."""
    return [scale * math.sin(a * i + b) for i in range(n)]


def tensor(shape, a, b, scale=1.0):
    n = math.prod(shape)
    return torch.tensor(wave(n, a, b, scale), dtype=torch.float64).reshape(shape)


def entry(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "values": [float(x) for x in t.reshape(-1).tolist()]}


def case(name, config, **tensors):
    return {"name": name, "config": config, "tensors": {k: entry(v) for k, v in tensors.items()}}


def write(filename, cases):
    document = {
        "generator": "Tests/DeepLearningTests/Fixtures/make_fixtures.py",
        "torch": torch.__version__,
        "dtype": "float64",
        "cases": cases,
    }
    with open(os.path.join(HERE, filename), "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")


def layer_case(name, config, module, x, **extra):
    """Forward x, backward a closed-form upstream gradient; record weights, output and every gradient."""
    x = x.clone().requires_grad_(True)
    y = module(x)
    upstream = tensor(list(y.shape), 0.23, 0.3)
    y.backward(upstream)
    tensors = dict(input=x, output=y, upstream=upstream, grad_input=x.grad)
    for pname, p in module.named_parameters():
        tensors[pname] = p
        tensors["grad_" + pname] = p.grad
    tensors.update(extra)
    return case(name, config, **tensors)


def conv2d_cases():
    cases = []
    # (name, batch, in, out, height, width, kernel, stride, padding); odd and non-square sizes catch H/W swaps.
    combos = [
        ("conv2d_k3_s1_p0", 2, 3, 4, 6, 6, 3, 1, 0),
        ("conv2d_k3_s1_p1", 2, 3, 4, 6, 6, 3, 1, 1),
        ("conv2d_k3_s2_p1", 2, 3, 4, 5, 7, 3, 2, 1),
        ("conv2d_k2_s2_p0", 1, 2, 3, 6, 5, 2, 2, 0),
    ]
    for name, n, cin, cout, h, w, k, s, p in combos:
        conv = torch.nn.Conv2d(cin, cout, k, stride=s, padding=p)
        with torch.no_grad():
            conv.weight.copy_(tensor(list(conv.weight.shape), 0.71, 0.2, 0.5))
            conv.bias.copy_(tensor([cout], 1.3, 0.4, 0.1))
        config = dict(batch=n, in_channels=cin, out_channels=cout, height=h, width=w,
                      kernel_size=k, stride=s, padding=p)
        cases.append(layer_case(name, config, conv, tensor([n, cin, h, w], 0.37, 0.1)))
    return cases


def maxpool2d_cases():
    cases = []
    for name, shape, k, s in [("maxpool2d_k2_s2", [2, 3, 6, 6], 2, 2),
                              ("maxpool2d_k3_s2_overlapping", [2, 2, 7, 7], 3, 2)]:
        pool = torch.nn.MaxPool2d(k, stride=s)
        config = dict(batch=shape[0], channels=shape[1], height=shape[2], width=shape[3], kernel_size=k, stride=s)
        cases.append(layer_case(name, config, pool, tensor(shape, 0.37, 0.1)))
    return cases


def linear_cases():
    linear = torch.nn.Linear(5, 3)
    with torch.no_grad():
        linear.weight.copy_(tensor([3, 5], 0.71, 0.2, 0.5))
        linear.bias.copy_(tensor([3], 1.3, 0.4, 0.1))
    config = dict(batch=4, in_features=5, out_features=3)
    return [layer_case("linear_4x5_to_3", config, linear, tensor([4, 5], 0.37, 0.1))]


def batchnorm2d_cases():
    n, c, h, w = 4, 3, 3, 3
    config = dict(batch=n, channels=c, height=h, width=w, eps=1e-5, momentum=0.1)

    def make():
        bn = torch.nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)
        with torch.no_grad():
            bn.weight.copy_(1 + tensor([c], 0.9, 0.3, 0.2))
            bn.bias.copy_(tensor([c], 1.1, 0.5, 0.1))
        return bn

    x = 2 * tensor([n, c, h, w], 0.37, 0.1) + 0.5
    # Train mode: batch statistics normalise; running stats move by momentum, the variance unbiased (n/(n-1)).
    bn = make().train()
    before = dict(running_mean=bn.running_mean.clone(), running_var=bn.running_var.clone())
    train = layer_case("batchnorm2d_train", dict(config, training=1), bn, x, **before,
                       running_mean_after=bn.running_mean, running_var_after=bn.running_var)
    # Eval mode: the running statistics (set here to closed forms) normalise; nothing changes them.
    bn = make().eval()
    with torch.no_grad():
        bn.running_mean.copy_(tensor([c], 0.8, 0.2, 0.3))
        bn.running_var.copy_(1.5 + tensor([c], 0.6, 0.7, 0.5))
    before = dict(running_mean=bn.running_mean.clone(), running_var=bn.running_var.clone())
    evaluation = layer_case("batchnorm2d_eval", dict(config, training=0), bn, x, **before,
                            running_mean_after=bn.running_mean, running_var_after=bn.running_var)
    return [train, evaluation]


def loss_case(name, module, x, target, **config):
    x = x.clone().requires_grad_(True)
    loss = module(x, target)
    loss.backward()
    return case(name, config, input=x, target=target.to(torch.float64), loss=loss, grad_input=x.grad)


def loss_cases():
    cases = []
    targets = torch.tensor([(3 * i + 1) % 5 for i in range(4)])
    cases.append(loss_case("cross_entropy", torch.nn.CrossEntropyLoss(), tensor([4, 5], 0.37, 0.1, 3), targets))
    # Logits near ±1000: exp overflows unless each row is shifted by its maximum.
    cases.append(loss_case("cross_entropy_large_logits", torch.nn.CrossEntropyLoss(),
                           tensor([4, 5], 0.37, 0.1, 1000), targets))
    # Label smoothing (Szegedy et al. 2016): q = (1 - eps) onehot + eps / C. eps = 0.1 is the usual value; eps = 1
    # is the uniform target alone (the one-hot part vanishes); the large logits check the smoothing term's
    # C * logsumexp - sum(z), a difference of numbers near 1000 * C.
    for eps, name, scale in [(0.1, "cross_entropy_smoothing", 3), (1.0, "cross_entropy_smoothing_uniform", 3),
                             (0.1, "cross_entropy_smoothing_large_logits", 1000)]:
        cases.append(loss_case(name, torch.nn.CrossEntropyLoss(label_smoothing=eps),
                               tensor([4, 5], 0.37, 0.1, scale), targets, label_smoothing=eps))
    # Class weights (weight=w): the mean divides by sum_n w[t_n]; with label smoothing the smoothing part weighs
    # each class c by w[c]. Weights 1/frequency-like (one large, one zero); 6 samples so that targets repeat, and
    # class 2 (weight 0) is a target once: it must add nothing but still count in the softmax.
    weight = torch.tensor([0.5, 2.0, 0.0, 1.0, 7.5])
    weighted_targets = torch.tensor([(2 * i + 1) % 5 for i in range(6)])
    for eps, name, scale in [(0.0, "cross_entropy_weighted", 3), (0.1, "cross_entropy_weighted_smoothing", 3),
                             (0.1, "cross_entropy_weighted_smoothing_large_logits", 1000)]:
        x = tensor([6, 5], 0.41, 0.3, scale)
        entry_case = loss_case(name, torch.nn.CrossEntropyLoss(weight=weight, label_smoothing=eps), x,
                               weighted_targets, label_smoothing=eps)
        entry_case["tensors"]["weight"] = entry(weight)
        cases.append(entry_case)
    logits = tensor([3, 4], 0.53, 0.2, 4)
    logits[0, 0], logits[0, 1], logits[2, 3] = 800.0, -800.0, 40.0   # exp(800) overflows a naive form
    probability_targets = torch.tensor([[1, 0, 0.3, 1], [0, 1, 0.5, 0], [0.7, 0, 1, 0]], dtype=torch.float64)
    cases.append(loss_case("bce_with_logits", torch.nn.BCEWithLogitsLoss(), logits, probability_targets))
    probabilities = torch.sigmoid(tensor([3, 4], 0.53, 0.2, 3))
    # p = 0 with y = 1 and p = 1 with y = 0 hit PyTorch's clamp of log at -100; p = 0 with y = 0 costs nothing.
    probabilities[0, 0], probabilities[0, 1], probabilities[1, 2] = 0.0, 1.0, 0.0
    clamp_targets = probability_targets.clone()
    clamp_targets[0, 0], clamp_targets[0, 1], clamp_targets[1, 2] = 1.0, 0.0, 0.0
    cases.append(loss_case("bce_with_clamp", torch.nn.BCELoss(), probabilities, clamp_targets))
    interior = torch.sigmoid(tensor([3, 4], 0.53, 0.2, 3))
    cases.append(loss_case("bce", torch.nn.BCELoss(), interior, probability_targets))
    cases.append(loss_case("mse", torch.nn.MSELoss(), tensor([3, 4], 0.53, 0.2, 2), tensor([3, 4], 0.29, 0.9)))
    return cases


def optimizer_case(name, make_optimizer, config, steps=5):
    shapes = {"p0": [2, 3], "p1": [4]}
    params = {k: torch.nn.Parameter(tensor(s, 0.61 + 0.1 * j, 0.3, 1.5)) for j, (k, s) in enumerate(shapes.items())}
    # The gradient at each step is g = c*p + d: a quadratic bowl per element, so the steps stay well-scaled.
    curvature = {k: 1 + tensor(s, 0.47, 0.6, 0.5) for k, s in shapes.items()}
    offset = {k: tensor(s, 0.83, 0.1, 0.7) for k, s in shapes.items()}
    optimizer = make_optimizer(list(params.values()))
    tensors = {f"{k}.initial": p.detach().clone() for k, p in params.items()}
    for step in range(1, steps + 1):
        for k, p in params.items():
            p.grad = curvature[k] * p.detach() + offset[k]
            tensors[f"{k}.gradient.{step}"] = p.grad.clone()
        optimizer.step()
        for k, p in params.items():
            tensors[f"{k}.value.{step}"] = p.detach().clone()
            for state_name, state in optimizer.state[p].items():
                if state_name != "step":
                    tensors[f"{k}.{state_name}.{step}"] = state.clone()
    return case(name, dict(config, steps=steps), **tensors)


def optimizer_cases():
    sgd, adam, adamw = torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW
    return [
        optimizer_case("sgd", lambda p: sgd(p, lr=0.1), dict(lr=0.1, momentum=0, weight_decay=0)),
        optimizer_case("sgd_momentum_weight_decay", lambda p: sgd(p, lr=0.1, momentum=0.9, weight_decay=0.01),
                       dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
        optimizer_case("adam", lambda p: adam(p, lr=0.01),
                       dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0)),
        # Unusual betas catch a swapped β₁/β₂; a large ε makes its placement (after √v̂) visible at 1e-2.
        optimizer_case("adam_betas_large_eps", lambda p: adam(p, lr=0.01, betas=(0.8, 0.95), eps=0.01),
                       dict(lr=0.01, beta1=0.8, beta2=0.95, eps=0.01, weight_decay=0)),
        optimizer_case("adam_weight_decay", lambda p: adam(p, lr=0.01, weight_decay=0.1),
                       dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.1)),
        optimizer_case("adamw", lambda p: adamw(p, lr=0.01),
                       dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01)),
        optimizer_case("adamw_weight_decay", lambda p: adamw(p, lr=0.05, weight_decay=0.5),
                       dict(lr=0.05, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.5)),
    ]


def adam_scalar_cases():
    """Adam on J(w) = (w*3 - 6)^2 from w0 = 1 (the article's section 4.2 with x = 3, y = 6)."""
    lr, beta1, beta2, eps = 0.001, 0.9, 0.999, 1e-8
    w = torch.nn.Parameter(torch.tensor(1.0))
    optimizer = torch.optim.Adam([w], lr=lr, betas=(beta1, beta2), eps=eps)
    recorded = {}
    for step in range(1, 101):
        optimizer.zero_grad()
        loss = (w * 3 - 6) ** 2
        loss.backward()
        gradient = w.grad.clone()
        optimizer.step()
        if step in (1, 2, 3, 10, 100):
            state = optimizer.state[w]
            m, v = state["exp_avg"].clone(), state["exp_avg_sq"].clone()
            recorded.update({f"gradient.{step}": gradient, f"w.{step}": w.detach().clone(),
                             f"m.{step}": m, f"v.{step}": v,
                             f"m_hat.{step}": m / (1 - beta1 ** step), f"v_hat.{step}": v / (1 - beta2 ** step)})
    config = dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps, w0=1.0, x=3.0, y=6.0, steps=100)
    return [case("adam_scalar_J_3w_minus_6_squared", config, **recorded)]


def write_reference_safetensors():
    """A small file written by the reference implementation: F32 and F64, a scalar, metadata.
    Values are exact binary fractions or closed forms the Swift test rebuilds: weight[i] = i/2 - 1 (F32),
    bias = [0.1, 0.2, 0.3] (F64, the nearest doubles), scale = [] -> 0.25 (F64), empty = F32 of shape [0, 3]."""
    try:
        from safetensors.torch import save_file
    except ImportError:
        print("safetensors not installed: reference.safetensors not rewritten")
        return
    tensors = {
        "weight": torch.tensor([i / 2 - 1 for i in range(6)], dtype=torch.float32).reshape(2, 3),
        "bias": torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64),
        "scale": torch.tensor(0.25, dtype=torch.float64),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    }
    save_file(tensors, os.path.join(HERE, "reference.safetensors"), metadata={"format": "pt"})


if __name__ == "__main__":
    write("conv2d.json", conv2d_cases())
    write("maxpool2d.json", maxpool2d_cases())
    write("linear.json", linear_cases())
    write("batchnorm2d.json", batchnorm2d_cases())
    write("losses.json", loss_cases())
    write("optimizers.json", optimizer_cases())
    write("adam_scalar.json", adam_scalar_cases())
    write_reference_safetensors()
    print("fixtures written to", HERE)
