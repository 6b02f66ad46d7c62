"""Experiments of notebooks 07, 08 and 10: a validation split, per-step loss curves
for comparing networks side by side, and a plot of several runs' curves.

    >>> from cnnlib import data, experiments, training
    >>> train, val = experiments.split_validation(data.load_mnist(download=False), 500, seed=0)
    >>> train_loader, test_loader = data.make_loaders(train)
    >>> _, val_loader = data.make_loaders(val)       # the held-out training images
    >>> run = training.fit(model, train_loader, val_loader, epochs=20, optimizer=opt, device=device,
    ...                    stop=training.EarlyStopping(patience=3), test_loader=test_loader)
    >>> experiments.plot_runs({"patience 3": run})

Training itself, early stopping included, is ``cnnlib.training.fit``: the one loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np

from cnnlib.data import Dataset
from cnnlib.training import History

__all__ = ["split_validation", "loss_curve", "plot_runs"]


def split_validation(ds: Dataset, n_val: int, *, seed: int = 0) -> tuple[Dataset, Dataset]:
    """(train, val): ``n_val`` training images, drawn at random with ``seed``, held out.

    Both are ``Dataset``s with the original test set; ``val`` keeps the
    held-out images as its *test* arrays, marked ``held_out="validation"`` (so
    ``data.make_loaders(val)`` gives a validation loader as its second loader, which
    ``training.fit`` accepts as ``val_loader``). Raises ValueError unless
    0 < n_val < len(ds.x_train).
    """
    n = len(ds.x_train)
    if not 0 < n_val < n:
        raise ValueError(f"n_val must be between 1 and {n - 1} (the training set holds {n}), got {n_val}")
    order = np.random.default_rng(seed).permutation(n)
    keep, held = np.sort(order[n_val:]), np.sort(order[:n_val])
    train = replace(ds, x_train=ds.x_train[keep], y_train=ds.y_train[keep])
    val = replace(ds, x_train=ds.x_train[keep], y_train=ds.y_train[keep],
                  x_test=ds.x_train[held], y_test=ds.y_train[held], held_out="validation")
    return train, val


def loss_curve(model, loader: Iterable, optimizer, device, *, steps: int,
               loss_fn: Callable | None = None, progress: bool = False, desc: str = "steps") -> list[float]:
    """Train for ``steps`` batches (cycling through ``loader``); return each batch's loss.

    The raw training loss per step, for comparing how fast networks fit the
    same data (notebook 10's plain against residual networks). ``progress``
    shows a tqdm bar over the steps, labelled ``desc`` (a run of a deep
    network on a CPU takes tens of seconds: the learner sees it move). Raises
    ValueError for steps < 1 or an empty loader.
    """
    import torch.nn.functional as F
    from tqdm.auto import tqdm

    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    loss_fn = loss_fn or F.cross_entropy
    model.to(device)
    model.train()
    losses: list[float] = []
    with tqdm(total=steps, desc=desc, unit="step", disable=not progress, leave=False) as bar:
        while len(losses) < steps:
            before = len(losses)
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                losses.append(float(loss.item()))
                bar.update(1)
                if len(losses) >= steps:
                    break
            if len(losses) == before:
                raise ValueError("the loader yields no batches")
    return losses


def plot_runs(runs: dict[str, History], *, title: str = "", axes=None):
    """Training loss and validation accuracy per epoch of several runs, one line each.

    ``runs`` maps a label to what ``training.fit`` returned (with a validation loader); a run's best
    epoch (the weights it kept) is marked with a circle. Draws on ``axes`` (two
    matplotlib axes) or a new figure of two panels; returns the figure. Raises
    ValueError for an empty ``runs``.
    """
    import matplotlib.pyplot as plt

    if not runs:
        raise ValueError("runs is empty: nothing to plot")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
    else:
        fig = axes[0].figure
    ax_loss, ax_acc = axes
    for label, run in runs.items():
        epochs = range(1, run.epochs + 1)
        line, = ax_loss.plot(epochs, run.train_loss, ".-", label=label)
        ax_acc.plot(epochs, run.val_acc, ".-", color=line.get_color(),
                    label=f"{label}: best {run.best_val_acc:.1%} (epoch {run.best_epoch})")
        if run.best_epoch:
            ax_acc.plot(run.best_epoch, run.best_val_acc, "o", markersize=9, fillstyle="none",
                        color=line.get_color())
    ax_loss.set(xlabel="epoch", ylabel="training loss", title="training loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="validation accuracy")
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
