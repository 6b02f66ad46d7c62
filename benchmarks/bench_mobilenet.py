"""A MobileNet-style network against a standard one on the digits (notebook 12, section 4).

Both networks are ``cnnlib.efficiency.small_net`` (``cnnlib.models.SmallResNet``: 3x3 stem,
stages of widths 16, 32, 64 with one, two and two blocks, stride 2 in the second and third,
global average pooling, a linear layer); the standard one is built from ``cnnlib.efficiency.conv_bn_relu`` blocks, the MobileNet-style one from the
solution notebook's own ``depthwise_separable`` (executed from its solution cell in
solutions/12_beyond_plain_convolution.ipynb, never copied). Training and measuring is the
notebook's: ``cnnlib.efficiency.compare`` (Adam at efficiency.LR, batch 64, seed 0, efficiency.EPOCHS epochs, then
test accuracy, parameters, multiply-adds per image, CPU milliseconds per image as the median
of five runs on a batch of 256 after a warm-up). Data: MNIST when it is cached or downloadable
(``CNNLIB_BENCH_DOWNLOAD=1``), otherwise the embedded 5,000 digits.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "12_beyond_plain_convolution.ipynb"


def solution_namespace() -> dict:
    """Execute the solution cell depthwise_separable of notebook 12."""
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    from grader.course.fill import solutions

    ns = {"np": np, "torch": torch, "nn": nn, "F": F, "__name__": "bench_mobilenet"}
    answers = solutions(json.loads(SOURCE.read_text(encoding="utf-8")))
    if "depthwise_separable" not in answers:
        raise RuntimeError(f"{SOURCE} has no solution cell depthwise_separable")
    exec(compile(answers["depthwise_separable"], f"{SOURCE.name}:depthwise_separable", "exec"), ns)
    return ns


def builds(ns: dict) -> dict:
    from cnnlib import efficiency

    return {"standard (conv_bn_relu blocks)": lambda: efficiency.small_net(efficiency.conv_bn_relu),
            "MobileNet-style (depthwise_separable blocks)": lambda: efficiency.small_net(ns["depthwise_separable"])}


def run(quick: bool = False) -> str:
    import torch

    from cnnlib import data, efficiency

    torch.set_num_threads(int(os.environ.get("CNNLIB_BENCH_THREADS", "1")))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None   # not on Windows
    ds = data.load_mnist(download=os.environ.get("CNNLIB_BENCH_DOWNLOAD") == "1", quiet=True)
    epochs = efficiency.EPOCHS
    if quick:
        ds = data.Dataset(ds.x_train[:600], ds.y_train[:600], ds.x_test[:200], ds.y_test[:200],
                          ds.classes, ds.name, ds.source)
        epochs = 1
    train_loader, test_loader = data.make_loaders(ds, batch_size=64, seed=0)
    timing = torch.from_numpy(ds.x_test[:256])
    results = efficiency.compare(builds(solution_namespace()), train_loader, test_loader, epochs=epochs,
                                 input_shape=tuple(ds.x_train.shape[1:]), timing_batch=timing, progress=False)
    rows = [f"| {name} | {r['accuracy']:.2%} | {r['parameters']:,} | {r['multiply_adds']:,} | "
            f"{r['ms_per_image']:.3f} | {r['train_seconds']:.0f} |" for name, r in results.items()]
    std, mob = results.values()
    ratio = (f"MobileNet-style / standard: {mob['parameters'] / std['parameters']:.2f} x the parameters, "
             f"{mob['multiply_adds'] / std['multiply_adds']:.2f} x the multiply-adds, "
             f"{mob['ms_per_image'] / std['ms_per_image']:.2f} x the CPU time per image, "
             f"{(mob['accuracy'] - std['accuracy']) * 100:+.2f} points of test accuracy.")
    lines = [
        "### A MobileNet-style network against a standard one (notebook 12)",
        "",
        f"Data: {ds.source}. {len(ds.x_train):,} training and {len(ds.x_test):,} test images, 28 x 28. "
        "Both networks: cnnlib.efficiency.small_net (SmallResNet, widths 16, 32, 64, blocks 1, 2, 2) of "
        "cnnlib.efficiency.conv_bn_relu (standard) or depthwise_separable from "
        f"solutions/12_beyond_plain_convolution.ipynb. Adam (lr {efficiency.LR:g}, cosine annealing), batch 64, "
        f"{epochs} epoch(s), seed 0 (cnnlib.efficiency.compare, as in the notebook). CPU time: median of 5 runs on a batch of 256 test "
        f"images after a warm-up, eval mode, PyTorch on {torch.get_num_threads()} CPU thread(s) of a machine "
        "shared with other work" + (f" (load average {load:.1f} when the run started)." if load is not None else "."),
        "",
        ratio,
        "",
        "| network | test accuracy | parameters | multiply-adds per image | CPU ms per image | training s |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
    ]
    if quick:
        lines.append("\n_(quick run: 600 images, one epoch; not a measurement.)_")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick=True))
