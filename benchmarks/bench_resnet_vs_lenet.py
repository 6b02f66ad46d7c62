"""A small ResNet against LeNet-5 on the same split, with early stopping (notebook 10).

Both models are the solution notebooks' own: LeNet5 is executed from the solution
cell of solutions/07_lenet.ipynb, BasicBlock from solutions/10_modern_cnns.ipynb
(and assembled by cnnlib.models.SmallResNet), never copied. Data: MNIST when it
is cached or downloadable (``CNNLIB_BENCH_DOWNLOAD=1``), otherwise the embedded
5,000 digits; with ``CNNLIB_BENCH_DATA=cifar10``, CIFAR-10 (3 channels, 32 x 32,
no padding; offline the digits upscaled to 3 x 32 x 32; on CPU only, so expect
over half an hour for CIFAR-10's 50,000 images). The training images are split into train and validation
(cnnlib.experiments.split_validation, seed 0), the test set is kept apart.
Training: batch 32, 2-pixel padding to 32 x 32, random shifts of 1 pixel, Adam
at 0.002 with cosine annealing over MAX_EPOCHS epochs; after each epoch the validation accuracy decides (patience 3, at most
MAX_EPOCHS epochs) and the best epoch's weights are restored
(cnnlib.training.fit with training.EarlyStopping). Then the test accuracy is measured once.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"LeNet5": ROOT / "solutions" / "07_lenet.ipynb",
           "BasicBlock": ROOT / "solutions" / "10_modern_cnns.ipynb"}
MAX_EPOCHS = 12
PATIENCE = 4
N_VAL = 500


def solution_namespace() -> dict:
    """Execute the solution cells LeNet5 (notebook 07) and BasicBlock (notebook 10)."""
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    ns = {"np": np, "torch": torch, "nn": nn, "F": F, "__name__": "bench_resnet_vs_lenet"}
    from grader.course.fill import solutions

    for gid, path in SOURCES.items():
        answers = solutions(json.loads(path.read_text(encoding="utf-8")))
        if gid not in answers:
            raise RuntimeError(f"{path} has no solution cell {gid}")
        exec(compile(answers[gid], f"{path.name}:{gid}", "exec"), ns)
    return ns


def train_one(name, build, train_loader, val_loader, test_loader, max_epochs, seed):
    import torch

    from cnnlib import models, training

    training.seed_everything(seed)
    model = build()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max_epochs)
    device = torch.device("cpu")
    start = time.perf_counter()
    run = training.fit(model, train_loader, val_loader, epochs=max_epochs, optimizer=opt, device=device,
                       stop=training.EarlyStopping(patience=PATIENCE), scheduler=sched, test_loader=test_loader)
    seconds = time.perf_counter() - start   # the test set, read once at the end, is in these seconds
    test_acc = run.test_acc
    return (f"| {name} | {training.count_parameters(model):,} | {models.weight_layers(model)} | {run.epochs} | "
            f"{run.best_epoch} | {run.best_val_acc:.2%} | {test_acc:.2%} | {seconds:.0f} | "
            f"{seconds / run.epochs:.1f} |"), test_acc


def run(quick: bool = False) -> str:
    import torch

    from cnnlib import data, experiments, models

    torch.set_num_threads(int(os.environ.get("CNNLIB_BENCH_THREADS", "1")))
    ns = solution_namespace()
    download = os.environ.get("CNNLIB_BENCH_DOWNLOAD") == "1"
    if os.environ.get("CNNLIB_BENCH_DATA", "mnist").lower() == "cifar10":
        ds, pad, channels = data.load_cifar10(download=download, quiet=True), 0, 3
    else:
        ds, pad, channels = data.load_mnist(download=download, quiet=True), 2, 1
    max_epochs = MAX_EPOCHS
    if quick:
        ds = data.Dataset(ds.x_train[:600], ds.y_train[:600], ds.x_test[:200], ds.y_test[:200],
                          ds.classes, ds.name, ds.source)
        max_epochs = 1
    train, val = experiments.split_validation(ds, min(N_VAL, len(ds.x_train) // 5), seed=0)
    train_loader, test_loader = data.make_loaders(train, batch_size=32, pad=pad, shift=1, seed=0)
    _, val_loader = data.make_loaders(val, batch_size=32, pad=pad, seed=0)
    rows, accs = [], {}
    for name, build in [("LeNet-5", lambda: ns["LeNet5"](in_channels=channels)),
                        ("small ResNet (16-32-64, one BasicBlock per stage)",
                         lambda: models.SmallResNet(ns["BasicBlock"], in_channels=channels))]:
        row, accs[name] = train_one(name, build, train_loader, val_loader, test_loader, max_epochs, seed=0)
        rows.append(row)
    lenet, resnet = accs.values()
    verdict = (f"The small ResNet {'beats' if resnet > lenet else 'does not beat'} LeNet-5 on the test set "
               f"({resnet:.2%} against {lenet:.2%}).")
    lines = [
        "### A small ResNet against LeNet-5, early stopping on validation (notebook 10)",
        "",
        f"Data: {ds.source}. Split: {len(train.x_train):,} training, {len(val.x_test):,} validation "
        f"(held out from the training images, seed 0), {len(ds.x_test):,} test images. Batch 32, "
        f"{'padding to 32 x 32' if pad else '32 x 32 inputs'}, random shifts of 1 pixel, Adam (lr 0.002, cosine annealing over {max_epochs} epochs), early stopping with patience {PATIENCE} "
        f"(at most {max_epochs} epochs), best epoch's weights restored, then one test evaluation. "
        f"LeNet5 from solutions/07_lenet.ipynb, BasicBlock from solutions/10_modern_cnns.ipynb; seed 0; "
        f"PyTorch on {torch.get_num_threads()} CPU thread(s) of a machine shared with other work, so the "
        "seconds are pessimistic.",
        "",
        verdict,
        "",
        "| model | parameters | layers with weights | epochs run | best epoch | validation | test | "
        "seconds | s/epoch |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]
    if quick:
        lines.append("\n_(quick run: 600 images, one epoch; not a measurement.)_")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick=True))
