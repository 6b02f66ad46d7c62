"""Training runs for notebooks 07, 08 and 10: a validation split, early stopping on
it, per-step loss curves for comparing networks side by side, and a plot of
several runs' curves (notebook 08's experiments).

    >>> from cnnlib import data, experiments
    >>> train, val = experiments.split_validation(data.load_mnist(download=False), 500, seed=0)
    >>> result = experiments.fit_early_stopping(model, train_loader, val_loader, optimizer=opt,
    ...                                         device=device, max_epochs=20, patience=3)
    >>> result.best_epoch, result.best_val_acc       # the model now holds that epoch's weights

Early stopping (Prechelt, 1998; Goodfellow, Bengio, Courville, *Deep
Learning*, 2016, section 7.8): train while the accuracy on held-out
validation data improves, stop after ``patience`` epochs without a new best,
and keep the weights of the best epoch. The test set is never looked at while
choosing, so its accuracy stays an honest estimate.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from cnnlib.data import Dataset
from cnnlib.training import LivePlot, _Progress, evaluate_accuracy, in_notebook, train_epoch

__all__ = ["split_validation", "EarlyStopping", "fit_early_stopping", "loss_curve", "plot_runs"]


def split_validation(ds: Dataset, n_val: int, *, seed: int = 0) -> tuple[Dataset, Dataset]:
    """(train, val): ``n_val`` training images, drawn at random with ``seed``, held out.

    Both are ``Dataset``s with the original test set; ``val`` keeps the
    held-out images as its *test* arrays (so ``data.make_loaders(val)`` gives
    a validation loader as its second loader). Raises ValueError unless
    0 < n_val < len(ds.x_train).
    """
    n = len(ds.x_train)
    if not 0 < n_val < n:
        raise ValueError(f"n_val must be between 1 and {n - 1} (the training set holds {n}), got {n_val}")
    order = np.random.default_rng(seed).permutation(n)
    keep, held = np.sort(order[n_val:]), np.sort(order[:n_val])
    train = replace(ds, x_train=ds.x_train[keep], y_train=ds.y_train[keep])
    val = replace(ds, x_train=ds.x_train[keep], y_train=ds.y_train[keep],
                  x_test=ds.x_train[held], y_test=ds.y_train[held])
    return train, val


@dataclass
class EarlyStopping:
    """What ``fit_early_stopping`` did: one entry per epoch, the best epoch (1-based)."""

    train_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)   # cumulative training time
    best_epoch: int = 0
    best_val_acc: float = float("-inf")
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        return len(self.val_acc)

    def __repr__(self) -> str:
        return (f"EarlyStopping({self.epochs} epochs, best epoch {self.best_epoch} with validation "
                f"accuracy {self.best_val_acc:.4f}, stopped early: {self.stopped_early})")


def fit_early_stopping(model, train_loader: Iterable, val_loader: Iterable, *, optimizer, device,
                       max_epochs: int, patience: int = 3, scheduler=None,
                       train_one_epoch: Callable | None = None, evaluate: Callable | None = None,
                       max_seconds: float | None = None, verbose: bool = False,
                       progress: bool = False, plot: bool = False, title: str = "") -> EarlyStopping:
    """Train up to ``max_epochs``; stop after ``patience`` epochs without a better validation
    accuracy (or once training time passes ``max_seconds``); restore the best epoch's weights.

    ``train_one_epoch(model, loader, optimizer, device) -> mean loss`` and
    ``evaluate(model, loader, device) -> accuracy in [0, 1]`` default to
    ``cnnlib.training``'s loops. A tie does not count as an improvement, so the
    earliest best epoch is kept. ``progress`` shows a tqdm bar over each epoch's
    batches and ``plot`` (in Jupyter) a live plot of the training loss and the
    validation accuracy, as ``training.fit`` does (notebook 07). Raises ValueError
    for max_epochs < 1 or patience < 1.
    """
    if max_epochs < 1 or patience < 1:
        raise ValueError(f"max_epochs and patience must be at least 1, got {max_epochs} and {patience}")
    from tqdm.auto import tqdm

    train_one_epoch = train_one_epoch or train_epoch
    evaluate = evaluate or evaluate_accuracy
    model.to(device)
    result = EarlyStopping()
    best_state = copy.deepcopy(model.state_dict())
    elapsed, waited = 0.0, 0
    live = LivePlot(title=title, enabled=plot and in_notebook(), acc_label="validation accuracy")
    for epoch in range(1, max_epochs + 1):
        total = len(train_loader) if hasattr(train_loader, "__len__") else None
        with tqdm(total=total, desc=f"epoch {epoch}/{max_epochs}", unit="batch",
                  disable=not progress, leave=False) as bar:
            start = time.perf_counter()
            loader = _Progress(train_loader, bar) if progress else train_loader
            loss = float(train_one_epoch(model, loader, optimizer, device))
            if str(device).startswith("cuda"):
                import torch
                torch.cuda.synchronize()
            elapsed += time.perf_counter() - start
        if scheduler is not None:
            scheduler.step()
        acc = float(evaluate(model, val_loader, device))
        result.train_loss.append(loss)
        result.val_acc.append(acc)
        result.seconds.append(elapsed)
        if acc > result.best_val_acc:
            result.best_val_acc, result.best_epoch, waited = acc, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            waited += 1
        live.update(loss=loss, acc=acc)
        if verbose:
            print(f"epoch {epoch}: loss {loss:.4f}, validation accuracy {acc:.2%}"
                  f"{' (best)' if waited == 0 else ''}, {elapsed:.1f} s", flush=True)
        if waited >= patience or (max_seconds is not None and elapsed >= max_seconds):
            result.stopped_early = epoch < max_epochs
            break
    model.load_state_dict(best_state)
    return result


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


def plot_runs(runs: dict[str, EarlyStopping], *, title: str = "", axes=None):
    """Training loss and validation accuracy per epoch of several runs, one line each.

    ``runs`` maps a label to what ``fit_early_stopping`` returned; a run's best
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
