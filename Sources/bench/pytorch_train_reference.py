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

Each epoch of the RESULT line also says where its time went, for `bench epochs` (Sources/bench/EpochBench.swift):
`seconds` is the training loop's wall time, `loader_seconds` the part of it spent drawing the order and gathering
each batch (this script's whole data loading: the tensors are in memory, there is no DataLoader), `eval_seconds`
the validation and test passes after it. `--fit-images N` and `--eval-images N` shorten a trial run.

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
per second" does. `--model vit` trains the small ViT (pytorch_models.SmallViT, the twin of VisionTransformer.small)
and `--model densenet` the DenseNet-BC, with the same recipe.

    python3 Sources/bench/pytorch_train_reference.py --ddp 2 --threads 1 --epochs 1
    python3 Sources/bench/pytorch_train_reference.py --ddp 2 --threads 1 --epochs 1 --model resnet --max-steps 50

`--row NAME` is the twin of `workbook improvements --train --row NAME` (§5.3.3's ablation): the row's recipe
(ROWS below, the same as Chapters/Improvements/AblationRow.swift; the workbook refuses a record whose recipe differs
from its own) with the models of pytorch_models.py, the same 55,000 / 5,000 split and normalisation, the
augmentations with torchvision's semantics written in plain torch (torchvision does not load against the +cpu torch
of .venv-bench): RandomCrop(28, padding) with zero fill, RandomHorizontalFlip(0.5), RandomRotation(10) as
torchvision's tensor path (inverse affine grid, grid_sample nearest, fill 0), all before Normalize, and
RandomErasing(0.5, (0.02, 0.4), (0.3, 3.3), value 0) after it; LinearLR(0.1) over the first epoch then
CosineAnnealingLR to 0 (SequentialLR), or OneCycleLR, stepped after every optimizer step; Adam or AdamW;
CrossEntropyLoss(label_smoothing); flip test-time augmentation as the softmax average
(softmax(model(x)) + softmax(model(x.flip(3)))) / 2. Validation loss and accuracy are plain (no smoothing, no TTA),
as the workbook's Validation callback computes them. `--record FILE` writes the RESULT object to FILE, which
`workbook improvements` reads from Plots/5.3.3-improvements/runs/<row>/pytorch-seed-N.json. The rows arch-* are §9.1's
(`workbook architecture`, records in Plots/9.1-architecture/runs/<row>/pytorch-seed-N.json).

    python3 Sources/bench/pytorch_train_reference.py --row resnet-aug-cosine --seed 0 --threads 2 \
        --record Plots/5.3.3-improvements/runs/resnet-aug-cosine/pytorch-seed-0.json
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
import torch.nn.functional as F

from pytorch_models import MODELS

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


# §5.3.3's ablation rows: Chapters/Improvements/AblationRow.swift, key for key as ImprovementRecipe.recordParameters.
def recipe(model="cnn", augmentation=(), schedule="constant", weight_decay=None, label_smoothing=0.0, tta=False,
           epochs=10, batch_size=64, learning_rate=0.001):
    # "fit subset" 0: every fit image (the workbook's subset rows draw stratified subsets with its own PCG streams,
    # which this twin does not reproduce, so it has no subset rows).
    return {"model": model, "augmentation": list(augmentation), "schedule": schedule,
            "weight decay": weight_decay or 0.0, "optimizer": "AdamW" if weight_decay else "Adam",
            "label smoothing": label_smoothing, "test-time augmentation": tta, "epochs": epochs,
            "batch size": batch_size, "learning rate": learning_rate, "fit subset": 0}


def architecture(model, epochs):
    """§9.1's shared recipe (Chapters/Architecture/ArchitectureRows.swift): crop + flip, warm-up + cosine, AdamW 0.05,
    label smoothing 0.1, batch 64, lr 0.001; each model's epochs from its measured epoch time (equal wall time)."""
    return recipe(model=model, augmentation=("crop", "flip"), schedule="warmup-cosine", weight_decay=0.05,
                  label_smoothing=0.1, epochs=epochs)


ROWS = {
    "baseline": recipe(),
    "cnn-aug": recipe(augmentation=("crop", "flip")),
    "cnn-aug-cosine": recipe(augmentation=("crop", "flip"), schedule="warmup-cosine"),
    "resnet": recipe(model="resnet"),
    "resnet-aug": recipe(model="resnet", augmentation=("crop", "flip")),
    "resnet-aug-cosine": recipe(model="resnet", augmentation=("crop", "flip"), schedule="warmup-cosine"),
    "densenet-aug-cosine": recipe(model="densenet", augmentation=("crop", "flip"), schedule="warmup-cosine"),
    "best": recipe(model="resnet", augmentation=("crop", "flip", "erase"), schedule="warmup-cosine",
                   weight_decay=0.05, label_smoothing=0.1, tta=True, epochs=15, learning_rate=0.002),
    # §9.1 (workbook architecture): the comparison rows.
    "arch-cnn": architecture("cnn", 5),
    "arch-resnet": architecture("resnet", 3),
    "arch-vit": architecture("vit", 3),
    "arch-vit-narrow": architecture("vit-narrow", 5),
}


def random_crop(batch, padding):
    """torchvision RandomCrop(size, padding) per image: zero padding, then i, j = randint(0, 2·padding + 1)."""
    padded = F.pad(batch, (padding,) * 4)
    h, w = batch.shape[-2:]
    out = torch.empty_like(batch)
    for n in range(len(batch)):
        i = torch.randint(0, 2 * padding + 1, size=(1,)).item()
        j = torch.randint(0, 2 * padding + 1, size=(1,)).item()
        out[n] = padded[n, :, i:i + h, j:j + w]
    return out


def random_flip(batch):
    """RandomHorizontalFlip(0.5) per image: flip when torch.rand(1) < 0.5."""
    flip = torch.tensor([torch.rand(1).item() < 0.5 for _ in range(len(batch))])
    batch[flip] = batch[flip].flip(3)
    return batch


def random_rotation(batch, degrees=10.0):
    """RandomRotation(degrees) per image: angle = U(-degrees, degrees), then `rotate`."""
    angles = torch.tensor([torch.empty(1).uniform_(-degrees, degrees).item() for _ in range(len(batch))],
                          dtype=torch.float64)
    return rotate(batch, angles)


def rotate(batch, angles):
    """Each image rotated by its angle (degrees, counter-clockwise) as torchvision's tensor path does: the inverse
    rotation of each output pixel centre (measured from the image centre) divided by half the size, grid_sample
    nearest, align_corners=False, fill 0. `--check-augmentations` compares it with torchvision's fixtures."""
    n, _, h, w = batch.shape
    r = -angles * math.pi / 180
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 1] = torch.cos(r), torch.sin(r)
    theta[:, 1, 0], theta[:, 1, 1] = -torch.sin(r), torch.cos(r)
    xs = torch.linspace(-w * 0.5 + 0.5, w * 0.5 - 0.5, w)
    ys = torch.linspace(-h * 0.5 + 0.5, h * 0.5 - 0.5, h)
    base = torch.stack([xs.expand(h, w), ys[:, None].expand(h, w), torch.ones(h, w)], -1).view(1, h * w, 3)
    grid = base.expand(n, -1, -1).bmm(theta.transpose(1, 2) / torch.tensor([0.5 * w, 0.5 * h])).view(n, h, w, 2)
    return F.grid_sample(batch, grid, mode="nearest", padding_mode="zeros", align_corners=False)


def check_augmentations():
    """The plain-torch rotation against torchvision's own outputs (Tests/DatasetsTests/Fixtures/
    transform_fixtures.json, written by make_transform_fixtures.py with torchvision): prints the largest difference."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../Tests/DatasetsTests/Fixtures/transform_fixtures.json")
    with open(path) as f:
        fixtures = json.load(f)
    worst, wrong = 0.0, 0
    for case in fixtures["rotate"]:
        image = torch.tensor(case["input"], dtype=torch.float32).view(1, *case["input_shape"])
        expected = torch.tensor(case["output"], dtype=torch.float32).view(1, *case["input_shape"])
        output = rotate(image, torch.tensor([float(case["degrees"])], dtype=torch.float64))
        difference = (output - expected).abs().max().item()
        worst = max(worst, difference)
        wrong += (output != expected).sum().item()
    print(f"rotate: {len(fixtures['rotate'])} torchvision cases, {wrong} pixels differ, largest difference {worst}")


def random_erasing(batch, p=0.5, scale=(0.02, 0.4), ratio=(0.3, 3.3)):
    """torchvision RandomErasing(p, scale, ratio, value=0) per (normalised) image: torch.rand(1) < p, then up to 10
    attempts of area·U(scale) and exp(U(log ratio)), h = round(√(area·r)), w = round(√(area/r)), the first that fits
    strictly inside placed at randint(0, H − h + 1), randint(0, W − w + 1), filled with 0."""
    _, _, height, width = batch.shape
    area, log_ratio = height * width, torch.log(torch.tensor(ratio))
    for n in range(len(batch)):
        if torch.rand(1).item() >= p:
            continue
        for _ in range(10):
            erase_area = area * torch.empty(1).uniform_(scale[0], scale[1]).item()
            aspect = math.exp(torch.empty(1).uniform_(log_ratio[0], log_ratio[1]).item())
            h, w = int(round(math.sqrt(erase_area * aspect))), int(round(math.sqrt(erase_area / aspect)))
            if not (h < height and w < width):
                continue
            i = torch.randint(0, height - h + 1, size=(1,)).item()
            j = torch.randint(0, width - w + 1, size=(1,)).item()
            batch[n, :, i:i + h, j:j + w] = 0
            break
    return batch


def augmented_batch(images, augmentation, mean, std):
    """images [N, 1, 28, 28] in [0, 1] → the row's augmentations in order, normalised; erasing after Normalize as
    torchvision requires (the workbook erases to the mean before normalising: the same image)."""
    for name in augmentation:
        if name in ("crop", "crop4"):
            images = random_crop(images, 2 if name == "crop" else 4)
        elif name == "flip":
            images = random_flip(images)
        elif name == "rotate":
            images = random_rotation(images)
    images = (images - mean) / std
    if "erase" in augmentation:
        images = random_erasing(images)
    return images


def evaluate(model, x, y, tta=False):
    """(mean cross-entropy, accuracy in percent, flip-averaged accuracy in percent or None) in evaluation mode; the
    flip average is the softmax average (softmax(model(x)) + softmax(model(x.flip(3)))) / 2."""
    model.eval()
    loss, correct, correct_tta = 0.0, 0, 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            xb, yb = x[i:i + 1000], y[i:i + 1000]
            logits = model(xb)
            loss += F.cross_entropy(logits, yb, reduction="sum").item()
            correct += (logits.argmax(1) == yb).sum().item()
            if tta:
                averaged = (torch.softmax(logits, 1) + torch.softmax(model(xb.flip(3)), 1)) / 2
                correct_tta += (averaged.argmax(1) == yb).sum().item()
    model.train()
    return loss / len(x), 100.0 * correct / len(x), 100.0 * correct_tta / len(x) if tta else None


def train_row(args):
    """One run of an ablation row (see the module's docstring)."""
    row = ROWS[args.row]
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train_bytes, test_bytes = read_idx("train-images-idx3-ubyte.gz"), read_idx("t10k-images-idx3-ubyte.gz")
    train_y = torch.from_numpy(read_idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    test_y = torch.from_numpy(read_idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    unit = lambda a: torch.from_numpy(a.astype(np.float32) / 255).unsqueeze(1)
    fit_x, fit_y = unit(train_bytes[:55000])[:args.fit_images], train_y[:55000][:args.fit_images]
    mean, std = fit_x.mean().item(), fit_x.std(unbiased=False).item()
    val_x, val_y = ((unit(train_bytes[55000:]) - mean) / std)[:args.eval_images], train_y[55000:][:args.eval_images]
    test_x, test_y = ((unit(test_bytes) - mean) / std)[:args.eval_images], test_y[:args.eval_images]
    model = MODELS[row["model"]]()
    criterion = nn.CrossEntropyLoss(label_smoothing=row["label smoothing"])
    lr, batch = row["learning rate"], row["batch size"]
    optimizer = (torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=row["weight decay"])
                 if row["optimizer"] == "AdamW" else torch.optim.Adam(model.parameters(), lr=lr))
    steps_per_epoch = (len(fit_x) + batch - 1) // batch
    total = row["epochs"] * steps_per_epoch
    if row["schedule"] == "warmup-cosine":
        scheduler = torch.optim.lr_scheduler.SequentialLR(optimizer, [
            torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=steps_per_epoch),
            torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - steps_per_epoch, eta_min=0)],
            milestones=[steps_per_epoch])
    elif row["schedule"] == "one-cycle":
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=total)
    else:
        scheduler = None
    epochs = []
    # --epochs shortens a trial run; the schedule stays the row's (a truncation of the recipe, which the workbook's
    # reader refuses as a result because its epoch count differs).
    for epoch in range(args.epochs or row["epochs"]):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(fit_x))
        running, batches = 0.0, 0
        for i in range(0, len(order), batch):
            if args.max_steps and batches == args.max_steps:
                break
            index = order[i:i + batch]
            inputs = augmented_batch(fit_x[index], row["augmentation"], mean, std)
            optimizer.zero_grad()
            loss = criterion(model(inputs), fit_y[index])
            loss.backward()
            optimizer.step()
            if scheduler:
                scheduler.step()
            running += loss.item()
            batches += 1
        seconds = time.perf_counter() - start
        val_loss, val, _ = evaluate(model, val_x, val_y)
        _, plain, averaged = evaluate(model, test_x, test_y, tta=row["test-time augmentation"])
        test = plain if averaged is None else averaged
        images = min(len(fit_x), batches * batch)
        epochs.append(dict(epoch=epoch + 1, loss=running / batches, val_loss=val_loss, val=val, test=test,
                           test_without_tta=plain, seconds=seconds, images_per_second=images / seconds))
        print(f"epoch {epoch + 1}: loss {running / batches:.4f}  val loss {val_loss:.4f}, {val:.2f}%  test {test:.2f}%"
              f"{' (TTA)' if row['test-time augmentation'] else ''}  {seconds:.1f} s ({images / seconds:.0f} img/s)",
              flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = dict(row=args.row, recipe=row, seed=args.seed, threads=args.threads, torch=torch.__version__,
                  fit_images=len(fit_x), eval_images=len(test_x), max_steps=args.max_steps, epochs=epochs, peak_rss_mib=rss)
    line = json.dumps(result)
    if args.record:
        os.makedirs(os.path.dirname(os.path.abspath(args.record)), exist_ok=True)
        with open(args.record, "w") as f:
            f.write(line + "\n")
    print("RESULT " + line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=None, help="default 10 (--row: the row's)")
    parser.add_argument("--randomness", choices=("torch", "workbook"), default="torch",
                        help="whose random draws give the initial weights and the order of each epoch")
    parser.add_argument("--trace-steps", type=int, default=0, help="report the loss of the first K steps")
    parser.add_argument("--ddp", type=int, default=1, help="processes of DistributedDataParallel (gloo)")
    parser.add_argument("--max-steps", type=int, default=0,
                        help="stop each epoch after this many steps (0: never); skips the evaluation")
    parser.add_argument("--model", choices=sorted(MODELS), default="cnn")
    parser.add_argument("--row", choices=sorted(ROWS), help="train a row of §5.3.3's ablation instead")
    parser.add_argument("--fit-images", type=int, default=55000, help="train on the first N fit images")
    parser.add_argument("--record", help="--row: also write the RESULT object to this file")
    parser.add_argument("--eval-images", type=int, default=None,
                        help="evaluate on the first N validation and test images only (trial runs)")
    parser.add_argument("--check-augmentations", action="store_true",
                        help="compare the plain-torch rotation with torchvision's fixtures and exit")
    args = parser.parse_args()
    if args.check_augmentations:
        check_augmentations()
        return
    if args.row:
        train_row(args)
        return
    if args.model != "cnn" and args.randomness == "workbook":
        parser.error("--randomness workbook draws the CNN's weights only; use --model cnn")
    args.epochs = args.epochs or 10
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
    fit_x, fit_y = fit_x[:args.fit_images], fit_y[:args.fit_images]
    val_x, val_y = val_x[:args.eval_images], val_y[:args.eval_images]
    test_x, test_y = test_x[:args.eval_images], test_y[:args.eval_images]
    model = MODELS[args.model]()
    if workbook:
        workbook_initialise(model, args.seed)
    trained = nn.parallel.DistributedDataParallel(model) if world > 1 else model
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    epochs, trace = [], []
    for epoch in range(args.epochs):
        model.train()
        start = time.perf_counter()
        # loader_seconds: the epoch's order and every batch's gather, this loop's data loading (`bench epochs`).
        order = workbook_order(args.seed, epoch, len(fit_x)) if workbook else torch.randperm(len(fit_x))
        loader_seconds = time.perf_counter() - start
        running, batches, images = 0.0, 0, 0
        for i in range(0, len(order), 64):
            if args.max_steps and batches == args.max_steps:
                break
            gather = time.perf_counter()
            length = min(64, len(order) - i)
            index = order[i + length * rank // world:i + length * (rank + 1) // world]
            inputs, targets = fit_x[index], fit_y[index]
            loader_seconds += time.perf_counter() - gather
            optimizer.zero_grad()
            loss = criterion(trained(inputs), targets)
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
        evaluation = time.perf_counter()
        val = accuracy(model, val_x, val_y) if evaluated else None
        test = accuracy(model, test_x, test_y) if evaluated else None
        eval_seconds = time.perf_counter() - evaluation
        epochs.append(dict(epoch=epoch + 1, loss=running / batches, val=val, test=test, seconds=seconds,
                           steps=batches, images=images, images_per_second=images / seconds,
                           loader_seconds=loader_seconds, eval_seconds=eval_seconds))
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
