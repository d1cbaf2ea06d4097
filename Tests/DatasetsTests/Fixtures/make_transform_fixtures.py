"""Golden values for the torchvision-style transforms in Datasets/Transforms/, from torchvision itself.

Run from this directory with torch 2.13.0 and torchvision 0.28.0 (the torchvision release paired with torch
2.13) installed:

    pip download --no-deps torchvision==0.28.0 && pip install --no-deps torchvision-0.28.0-*.whl
    python3 make_transform_fixtures.py        # writes transform_fixtures.json

(A venv whose site-packages has a .pth line pointing at an existing torch 2.13 CPU install, plus that wheel
installed with --no-deps, is enough: no second copy of torch.)

PyPI's torchvision 0.28.0 wheel is the CUDA build; beside the CPU build of torch its compiled extension
(torchvision/_C.so, detection ops such as nms) cannot load, and `import torchvision` fails while registering
fake kernels for those ops. The transforms used here are pure Python over torch tensor ops
(torch.nn.functional.interpolate, grid_sample, sub/div) and never touch _C, so the two modules that register
the detection ops are stubbed out before the import. Nothing else of torchvision is changed.

Inputs come from closed formulas (see `ramp_image` and `checker_image`), so the Swift tests could rebuild them;
they are stored in the JSON anyway, as float32 values written exactly (repr of the float64 of each float32).
"""
import json
import math
import sys
import types

import torch

for stubbed in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
    sys.modules[stubbed] = types.ModuleType(stubbed)
import torchvision  # noqa: E402
from torchvision import transforms  # noqa: E402
from torchvision.transforms import InterpolationMode  # noqa: E402
from torchvision.transforms import functional as F  # noqa: E402

assert torch.__version__.startswith("2.13"), torch.__version__
assert torchvision.__version__.startswith("0.28"), torchvision.__version__


def ramp_image(channels, height, width):
    """x[c, y, x] = ((7c + 3y + 5x) mod 11) / 10 + sin(c + y / 2 + x / 3) / 4: edges plus a smooth part."""
    c = torch.arange(channels, dtype=torch.float64).view(-1, 1, 1)
    y = torch.arange(height, dtype=torch.float64).view(1, -1, 1)
    x = torch.arange(width, dtype=torch.float64).view(1, 1, -1)
    image = torch.remainder(7 * c + 3 * y + 5 * x, 11) / 10 + torch.sin(c + y / 2 + x / 3) / 4
    return image.to(torch.float32)


def checker_image(channels, height, width):
    """A one-pixel checkerboard, x[c, y, x] = (y + x + c) mod 2: the worst case for aliasing when shrinking."""
    c = torch.arange(channels).view(-1, 1, 1)
    y = torch.arange(height).view(1, -1, 1)
    x = torch.arange(width).view(1, 1, -1)
    return torch.remainder(y + x + c, 2).to(torch.float32)


def values(tensor):
    return [float(v) for v in tensor.reshape(-1).tolist()]


def resize_case(name, image, size, antialias):
    output = F.resize(image, size, interpolation=InterpolationMode.BILINEAR, antialias=antialias)
    return {"name": name, "input_shape": list(image.shape), "input": values(image), "size": size,
            "antialias": antialias, "output_shape": list(output.shape), "output": values(output)}


resize = []
for antialias in (True, False):
    tag = "aa" if antialias else "noaa"
    resize += [
        resize_case(f"down 5x7->3x4 {tag}", ramp_image(2, 5, 7), [3, 4], antialias),
        resize_case(f"up 5x7->8x11 {tag}", ramp_image(2, 5, 7), [8, 11], antialias),
        resize_case(f"down by 2 checker 8x8->4x4 {tag}", checker_image(1, 8, 8), [4, 4], antialias),
        resize_case(f"down by 3.5 checker 14x21->4x6 {tag}", checker_image(2, 14, 21), [4, 6], antialias),
        resize_case(f"mixed 6x9->10x4 {tag}", ramp_image(3, 6, 9), [10, 4], antialias),
        # An int size resizes the shorter side, the longer one to int(size * long / short): 5x7 -> 4x5.
        resize_case(f"shorter side 4 on 5x7 {tag}", ramp_image(1, 5, 7), [4], antialias),
        resize_case(f"Fashion-MNIST size 28x28->56x56 {tag}", ramp_image(1, 28, 28), [56, 56], antialias),
        resize_case(f"Fashion-MNIST size 28x28->10x10 {tag}", ramp_image(1, 28, 28), [10, 10], antialias),
    ]

# The article's Normalize: ImageNet's per-channel mean and std, on values in [0, 1].
imagenet_mean, imagenet_std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
normalize_input = ramp_image(3, 4, 5)
normalize = [{"name": "ImageNet mean/std", "input_shape": list(normalize_input.shape),
              "input": values(normalize_input), "mean": imagenet_mean, "std": imagenet_std,
              "output": values(F.normalize(normalize_input, imagenet_mean, imagenet_std))}]

# Rotation by nearest neighbour with fill 0 about the image centre, as RandomRotation applies it.
rotate = []
for angle, shape in ((30.0, (1, 9, 9)), (-17.5, (2, 7, 10)), (90.0, (1, 6, 6)), (123.4, (1, 8, 5))):
    image = ramp_image(*shape)
    output = F.rotate(image, angle, interpolation=InterpolationMode.NEAREST, fill=None)
    rotate.append({"name": f"rotate {angle} on {shape}", "input_shape": list(image.shape), "input": values(image),
                   "degrees": angle, "output": values(output)})

# RandomErasing's deterministic parts (Datasets/Transforms/RandomErasing.swift).
# 1. The rectangle's size from an area fraction and an aspect ratio. With scale=(a, a) and ratio=(r, r),
#    get_params draws exactly a and log r (uniform_ over a single point is its lower end), so the h and w it returns
#    are torchvision's own arithmetic on those two numbers: float32 log and exp, Python's sqrt and round. When no
#    attempt fits it returns the whole image (0, 0, H, W): recorded as fits = False. The top-left corner is random
#    (torch.randint) and not recorded.
erasing_sizes = []
for height, width in ((28, 28), (5, 7), (9, 4)):
    for area in (0.02, 0.05, 0.08, 0.125, 0.17, 0.2, 0.25, 0.3, 0.33, 0.4, 0.55, 0.8):
        for ratio in (0.3, 0.45, 0.7, 1.0, 1.3, 2.0, 2.6, 3.3):
            image = torch.zeros(1, height, width)
            _, _, h, w, _ = transforms.RandomErasing.get_params(image, scale=(area, area), ratio=(ratio, ratio),
                                                                 value=[0.0])
            erasing_sizes.append({"height": height, "width": width,
                                  "area_fraction": float(torch.tensor(area, dtype=torch.float32)),
                                  "ratio": float(torch.tensor(ratio, dtype=torch.float32)),
                                  "log_ratio": float(torch.log(torch.tensor([ratio]))[0]),
                                  "fits": h < height, "rectangle_height": h, "rectangle_width": w})
# 2. The erasing itself, F.erase(img, i, j, h, w, v): one value for every channel, or one per channel.
erase = []
for i, j, h, w, value in ((1, 2, 3, 4, [0.0]), (0, 0, 6, 1, [0.25, -1.0]), (4, 5, 2, 2, [0.5]),
                          (2, 0, 1, 7, [-0.75, 2.0])):
    image = ramp_image(2, 6, 7)
    output = F.erase(image, i, j, h, w, torch.tensor(value)[:, None, None])
    erase.append({"name": f"erase ({i}, {j}, {h}, {w}) with {value}", "input_shape": list(image.shape),
                  "input": values(image), "top": i, "left": j, "height": h, "width": w, "values": value,
                  "output": values(output)})

fixtures = {"generator": {"torch": torch.__version__, "torchvision": torchvision.__version__,
                          "script": "make_transform_fixtures.py"},
            "resize": resize, "normalize": normalize, "rotate": rotate, "erasing_sizes": erasing_sizes,
            "erase": erase}
with open("transform_fixtures.json", "w") as out:
    json.dump(fixtures, out, indent=1)
print(f"wrote {len(resize)} resize, {len(normalize)} normalize, {len(rotate)} rotate, {len(erasing_sizes)} erasing "
      f"size and {len(erase)} erase cases")
