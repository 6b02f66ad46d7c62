"""Training helpers for the PyTorch notebooks (07, 08) and the NumPy CNN (06).

    >>> from cnnlib import training
    >>> device = training.choose_device()            # cuda, then mps, then cpu
    >>> training.seed_everything(0)
    >>> history = training.fit(model, train_loader, test_loader, epochs=3,
    ...                        optimizer=opt, device=device)   # progress bar + live plot
    >>> y_true, y_pred = training.predict(model, test_loader, device)
    >>> cm = training.confusion_matrix(y_true, y_pred, 10)
    >>> training.plot_confusion_matrix(cm, classes)

``fit`` runs a learner's own ``train_one_epoch`` and ``evaluate`` (notebook
07) when given, and its own loop otherwise. ``LivePlot`` is the live
loss/accuracy figure on its own, for loops written in a notebook (06).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "choose_device",
    "seed_everything",
    "count_parameters",
    "History",
    "LivePlot",
    "fit",
    "train_epoch",
    "evaluate_accuracy",
    "predict",
    "confusion_matrix",
    "plot_confusion_matrix",
    "in_notebook",
]


def choose_device(prefer: str | None = None):
    """The best available torch.device: CUDA, then Apple's MPS, then the CPU.

    ``prefer`` ("cuda", "mps", "cpu", or "cuda:1") asks for one; it raises
    ValueError when that device is not available here.
    """
    import torch

    def has(kind: str) -> bool:
        if kind == "cuda":
            return torch.cuda.is_available()
        if kind == "mps":
            mps = getattr(torch.backends, "mps", None)
            return bool(mps and mps.is_available())
        return kind == "cpu"

    if prefer is not None:
        dev = torch.device(prefer)
        if not has(dev.type):
            raise ValueError(f"device {prefer!r} is not available here; "
                             "choose_device() without an argument picks the best one")
        return dev
    for kind in ("cuda", "mps"):
        if has(kind):
            return torch.device(kind)
    return torch.device("cpu")


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and PyTorch's random generators (CPU and GPU)."""
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency
        return
    torch.manual_seed(seed)  # also seeds every CUDA device


def count_parameters(model, trainable_only: bool = True) -> int:
    """Number of parameters (weights and biases) of a torch module."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where figures can update in place)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


@dataclass
class History:
    """What ``fit`` measured, one entry per epoch.

    ``seconds`` is the training time since the start (evaluation excluded).
    """

    train_loss: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    def time_to(self, accuracy: float) -> float | None:
        """Training seconds until the test accuracy first reached ``accuracy`` (None: never)."""
        for acc, sec in zip(self.test_acc, self.seconds, strict=True):
            if acc >= accuracy:
                return sec
        return None

    def __repr__(self) -> str:
        if not self.epochs:
            return "History(no epochs)"
        return (f"History({self.epochs} epochs, final loss {self.train_loss[-1]:.4f}, "
                f"test accuracy {self.test_acc[-1]:.2%}, {self.seconds[-1]:.1f} s)")


class LivePlot:
    """A two-panel figure (training loss, accuracy) that redraws in place in Jupyter.

    Call ``update(loss=..., acc=..., train_acc=...)`` once per epoch (or every
    few steps, with ``x=`` the step and ``xlabel="step"``); values you leave
    out are not drawn. Outside Jupyter (``enabled=False``) it only records,
    and ``figure()`` draws on demand.
    """

    def __init__(self, title: str = "", enabled: bool | None = None,
                 acc_label: str = "test accuracy", xlabel: str = "epoch"):
        self.enabled = in_notebook() if enabled is None else enabled
        self.title, self.acc_label, self.xlabel = title, acc_label, xlabel
        self.series: dict[str, tuple[list[float], list[float]]] = {
            "loss": ([], []), "acc": ([], []), "train_acc": ([], [])}
        self._count = 0
        self._handle = None
        self._fig = None

    @property
    def loss(self) -> list[float]:
        return self.series["loss"][1]

    @property
    def acc(self) -> list[float]:
        return self.series["acc"][1]

    def update(self, loss: float | None = None, acc: float | None = None,
               train_acc: float | None = None, x: float | None = None) -> None:
        self._count += 1
        where = self._count if x is None else x
        for key, v in (("loss", loss), ("acc", acc), ("train_acc", train_acc)):
            if v is not None:
                self.series[key][0].append(float(where))
                self.series[key][1].append(float(v))
        if self.enabled:
            self._draw()

    def figure(self):
        """The figure, drawn with everything recorded so far."""
        import matplotlib.pyplot as plt

        if self._fig is None:
            self._fig, self._axes = plt.subplots(1, 2, figsize=(10, 3.4))
            plt.close(self._fig)  # shown through display(), not again at the cell's end
        ax_loss, ax_acc = self._axes
        ax_loss.clear()
        ax_acc.clear()
        xs, ys = self.series["loss"]
        if ys:
            ax_loss.plot(xs, ys, ".-", color="tab:blue")
        ax_loss.set(xlabel=self.xlabel, ylabel="training loss", title="loss")
        xs, ys = self.series["train_acc"]
        if ys:
            ax_acc.plot(xs, ys, ".--", color="tab:gray", label="training accuracy")
        xs, ys = self.series["acc"]
        if ys:
            ax_acc.plot(xs, ys, ".-", color="tab:orange", label=self.acc_label)
            ax_acc.set_title(f"{self.acc_label}: {ys[-1]:.2%}")
        ax_acc.set(xlabel=self.xlabel, ylabel="accuracy")
        if self.acc or self.series["train_acc"][1]:
            ax_acc.legend(loc="lower right")
        for ax in self._axes:
            ax.grid(alpha=0.3)
            ax.xaxis.get_major_locator().set_params(integer=True)
        if self.title:
            self._fig.suptitle(self.title)
        self._fig.tight_layout()
        return self._fig

    def _draw(self) -> None:
        from IPython.display import display

        fig = self.figure()
        if self._handle is None:
            self._handle = display(fig, display_id=True)
        else:
            self._handle.update(fig)

    def show(self) -> None:
        """Draw the figure once (for scripts, or with the live plot turned off)."""
        from IPython.display import display

        if self.loss or self.acc:
            display(self.figure())


class _Progress:
    """Wraps a DataLoader in a tqdm bar but still looks like the loader.

    A learner's ``train_one_epoch`` iterates over it as over the loader; len(),
    .dataset and .batch_size pass through.
    """

    def __init__(self, loader, bar):
        self._loader, self._bar = loader, bar

    def __iter__(self):
        for batch in self._loader:
            yield batch
            self._bar.update(1)

    def __len__(self):
        return len(self._loader)

    def __getattr__(self, name):
        return getattr(self._loader, name)


def train_epoch(model, loader: Iterable, optimizer, device, loss_fn: Callable | None = None) -> float:
    """One pass over ``loader``; returns the mean loss per image."""
    import torch.nn.functional as F

    loss_fn = loss_fn or F.cross_entropy
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / max(count, 1)


def evaluate_accuracy(model, loader: Iterable, device) -> float:
    """Fraction of the images in ``loader`` that ``model`` classifies correctly (eval mode)."""
    import torch

    was_training = model.training
    model.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x.to(device)).argmax(dim=1).cpu()
            correct += int((pred == y).sum())
            count += len(y)
    model.train(was_training)
    return correct / max(count, 1)


def predict(model, loader: Iterable, device) -> tuple[np.ndarray, np.ndarray]:
    """(y_true, y_pred), both (N,) int64 arrays, for every image in ``loader`` (eval mode)."""
    import torch

    was_training = model.training
    model.eval()
    true, pred = [], []
    with torch.no_grad():
        for x, y in loader:
            pred.append(model(x.to(device)).argmax(dim=1).cpu().numpy())
            true.append(np.asarray(y))
    model.train(was_training)
    return (np.concatenate(true).astype(np.int64) if true else np.zeros(0, np.int64),
            np.concatenate(pred).astype(np.int64) if pred else np.zeros(0, np.int64))


def fit(model, train_loader, test_loader, *, epochs: int, optimizer, device,
        train_one_epoch: Callable | None = None, evaluate: Callable | None = None,
        plot: bool = True, target_acc: float | None = None, max_seconds: float | None = None,
        scheduler=None, progress: bool = True, title: str = "") -> History:
    """Train ``model`` for up to ``epochs`` epochs; evaluate on ``test_loader`` after each.

    ``train_one_epoch(model, loader, optimizer, device) -> mean loss`` and
    ``evaluate(model, loader, device) -> accuracy`` default to this module's
    ``train_epoch`` and ``evaluate_accuracy``; pass a learner's own to use
    them. Shows a tqdm progress bar per epoch and, with ``plot`` in Jupyter,
    a live loss/accuracy figure. Stops early once the test accuracy reaches
    ``target_acc`` or the training time passes ``max_seconds``.
    """
    from tqdm.auto import tqdm

    train_one_epoch = train_one_epoch or train_epoch
    evaluate = evaluate or evaluate_accuracy
    model.to(device)
    history = History()
    live = LivePlot(title=title, enabled=plot and in_notebook())
    elapsed = 0.0
    for epoch in range(1, epochs + 1):
        with tqdm(total=len(train_loader), desc=f"epoch {epoch}/{epochs}", unit="batch",
                  disable=not progress, leave=False) as bar:
            start = time.perf_counter()
            loss = float(train_one_epoch(model, _Progress(train_loader, bar), optimizer, device))
            if device is not None and str(device).startswith("cuda"):
                import torch
                torch.cuda.synchronize()
            elapsed += time.perf_counter() - start
        if scheduler is not None:
            scheduler.step()
        acc = float(evaluate(model, test_loader, device))
        history.train_loss.append(loss)
        history.test_acc.append(acc)
        history.seconds.append(elapsed)
        live.update(loss=loss, acc=acc)
        if progress:
            tqdm.write(f"epoch {epoch}: loss {loss:.4f}, test accuracy {acc:.2%}, "
                       f"{elapsed:.1f} s of training")
        if target_acc is not None and acc >= target_acc:
            break
        if max_seconds is not None and elapsed >= max_seconds:
            break
    return history


def confusion_matrix(y_true, y_pred, num_classes: int) -> np.ndarray:
    """(num_classes, num_classes) int64 counts: row = true class, column = predicted class."""
    y_true = np.asarray(y_true, dtype=np.int64).ravel()
    y_pred = np.asarray(y_pred, dtype=np.int64).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            raise ValueError(f"{name} holds labels outside 0..{num_classes - 1}")
    flat = np.bincount(y_true * num_classes + y_pred, minlength=num_classes * num_classes)
    return flat.reshape(num_classes, num_classes)


def plot_confusion_matrix(cm, classes=None, *, normalize: bool = False, ax=None,
                          title: str = "confusion matrix", cmap: str = "Blues"):
    """Draw a confusion matrix with counts (or row fractions with ``normalize``); returns the Axes."""
    import matplotlib.pyplot as plt

    cm = np.asarray(cm)
    n = cm.shape[0]
    classes = list(classes) if classes is not None else [str(i) for i in range(n)]
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.55 * n, 0.8 + 0.5 * n))
    im = ax.imshow(shown, cmap=cmap)
    ax.set_xticks(range(n), classes, rotation=45 if max(map(len, classes)) > 2 else 0, ha="right"
                  if max(map(len, classes)) > 2 else "center")
    ax.set_yticks(range(n), classes)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    top = shown.max() if shown.size else 1
    for i in range(n):
        for j in range(n):
            v = shown[i, j]
            if v:
                text = f"{v:.2f}" if normalize else f"{int(v)}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if v > 0.6 * top else "black")
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    return ax
