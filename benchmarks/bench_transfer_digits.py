"""Transfer with few labels (notebook 11): frozen features, fine-tuning and training from scratch.

The pretrained network is the one cnnlib ships (``cnnlib.transfer.pretrained_digits``: the
course's small ResNet trained on the digits 0-4 by tools/pretrain_digits.py). The target task
is the digits 5-9 of the embedded split: ``n`` labelled training images per class, drawn with
the seed, and all 500 test digits 5-9 for the accuracy. Each arm trains 150 batches of 32 with
Adam (``cnnlib.transfer.transfer_experiment``): frozen features and a new head (lr 1e-2),
every layer fine-tuned (lr 1e-3), and the same architecture from random weights (lr 1e-3).
``prepare_transfer`` is the solution cell of solutions/11_cnns_in_practice.ipynb, executed,
never copied. Seeds 0, 1 and 2 (the labelled images, the initial head, the batches); the table
gives the mean and the range.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "11_cnns_in_practice.ipynb"
PER_CLASS = (5, 10, 20, 50, 100)
SEEDS = (0, 1, 2)
STEPS = 150


def prepare_transfer():
    """The solution cell ``prepare_transfer`` of notebook 11, executed."""
    import torch
    import torch.nn as nn

    from grader.course.fill import solutions

    ns = {"torch": torch, "nn": nn, "__name__": "bench_transfer_digits"}
    answers = solutions(json.loads(SOURCE.read_text(encoding="utf-8")))
    exec(compile(answers["prepare_transfer"], f"{SOURCE.name}:prepare_transfer", "exec"), ns)
    return ns["prepare_transfer"]


def run(quick: bool = False) -> str:
    import numpy as np
    import torch

    from cnnlib import data, transfer

    torch.set_num_threads(int(os.environ.get("CNNLIB_BENCH_THREADS", "1")))
    ds = data.embedded_digits()
    per_class, seeds, steps = ((5,), (0,), 3) if quick else (PER_CLASS, SEEDS, STEPS)
    start = time.perf_counter()
    runs = [transfer.transfer_experiment(prepare_transfer(), ds.x_train, ds.y_train, ds.x_test, ds.y_test,
                                         per_class=per_class, steps=steps, seed=seed, progress=False,
                                         test_limit=50 if quick else None)
            for seed in seeds]
    seconds = time.perf_counter() - start
    rows = []
    for arm in transfer.ARMS:
        cells = []
        for n in per_class:
            accs = np.array([r[arm][n] for r in runs])
            spread = f" ({accs.min():.1%}-{accs.max():.1%})" if len(accs) > 1 else ""
            cells.append(f"{accs.mean():.1%}{spread}")
        rows.append(f"| {arm} | " + " | ".join(cells) + " |")
    lines = [
        "### Transfer from digits 0-4 to digits 5-9 with few labels (notebook 11)",
        "",
        f"Data: {ds.source}. Target: digits 5-9, n labelled training images per class, "
        f"{50 if quick else int(np.isin(ds.y_test, transfer.TARGET_CLASSES).sum())} test digits 5-9. Pretrained network: "
        f"{transfer.DIGITS_WEIGHTS.name} (cnnlib, digits 0-4). Each arm: {steps} batches of 32, Adam; frozen "
        "features + new head at lr 1e-2, fine-tuning of every layer at lr 1e-3, from scratch at lr 1e-3. "
        f"prepare_transfer from solutions/11_cnns_in_practice.ipynb. Seeds {', '.join(map(str, seeds))}: "
        f"mean test accuracy (lowest-highest). {seconds:.0f} s on {torch.get_num_threads()} CPU thread(s) "
        "of a machine shared with other work.",
        "",
        "| arm | " + " | ".join(f"n = {n}" for n in per_class) + " |",
        "|---|" + "---:|" * len(per_class),
        *rows,
    ]
    if quick:
        lines.append("\n_(quick run: 3 steps, 50 test digits, one seed; not a measurement.)_")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick=True))
