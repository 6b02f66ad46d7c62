"""The course's one training loop, and the helpers around it (notebooks 07 to 12).

    >>> from cnnlib import experiments, training
    >>> device = training.choose_device()            # cuda, then mps, then cpu
    >>> training.seed_everything(0)
    >>> train, val = experiments.split_validation(ds, 500, seed=0)   # training images held out
    >>> history = training.fit(model, train_loader, val_loader, epochs=20, optimizer=opt,
    ...                        device=device, stop=training.EarlyStopping(patience=3),
    ...                        test_loader=test_loader, progress=True, plot=True)
    >>> history.best_epoch, history.best_val_acc, history.test_acc
    >>> y_true, y_pred = training.predict(model, test_loader, device)
    >>> cm = training.confusion_matrix(y_true, y_pred, 10)
    >>> training.plot_confusion_matrix(cm, classes)

``fit`` is the only epoch loop in cnnlib: the notebooks, tools/pretrain_digits.py and
the benchmarks all train through it. Its stop rule (:class:`EarlyStopping`) reads
validation values only, and the test set, when given, is read once after training,
so no choice is made on it (notebook 06 explains why). ``fit`` runs a learner's own
``train_one_epoch`` and ``evaluate`` (notebook 07) when given, and cnnlib's loops
otherwise. ``LivePlot`` (cnnlib.liveplot) is the live loss/accuracy figure on its own,
for loops written in a notebook (06).
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from cnnlib.liveplot import LivePlot, in_notebook

__all__ = ["choose_device", "seed_everything", "count_parameters", "EarlyStopping", "History", "LivePlot",
           "fit", "train_epoch", "evaluate_accuracy", "predict", "confusion_matrix",
           "plot_confusion_matrix", "in_notebook"]


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


MONITORS = ("accuracy", "loss")


@dataclass(frozen=True)
class EarlyStopping:
    """When ``fit`` stops: a rule that reads the validation series of a :class:`History` only.

    ``patience``: stop after that many epochs without a new best validation value;
    ``target``: stop at the first epoch whose validation value reaches it (accuracy at
    least ``target``, or loss at most ``target``); ``monitor``: "accuracy" (validation
    accuracy, higher is better) or "loss" (mean validation loss per image, lower is
    better). A tie is not an improvement, so the earliest best epoch is kept; with
    ``restore_best`` the model ends with that epoch's weights. Early stopping as in
    Prechelt, "Early stopping - but when?" (1998) and Goodfellow, Bengio and Courville,
    *Deep Learning* (2016), section 7.8: the test set plays no part, so its accuracy,
    measured once at the end, stays an honest estimate.

    The rule is given no data: ``fit`` hands it the History, whose per-epoch values
    come from the validation loader alone. Raises ValueError for neither rule, a
    patience below 1, a target outside [0, 1] for accuracy or below 0 for loss, or
    another monitor.
    """

    patience: int | None = None
    target: float | None = None
    monitor: str = "accuracy"
    restore_best: bool = True

    def __post_init__(self):
        if self.monitor not in MONITORS:
            raise ValueError(f"monitor must be one of {MONITORS}, got {self.monitor!r}")
        if self.patience is None and self.target is None:
            raise ValueError("EarlyStopping needs a patience, a target or both")
        if self.patience is not None and (int(self.patience) != self.patience or self.patience < 1):
            raise ValueError(f"patience must be a whole number of epochs >= 1, got {self.patience}")
        if self.target is not None and not (0 <= self.target <= 1 or self.monitor == "loss" and self.target >= 0):
            raise ValueError(f"a target {self.monitor} of {self.target} can never be reached")

    def better(self, value: float, best: float | None) -> bool:
        """Is ``value`` (of the monitored series) a new best over ``best`` (None: no epoch yet)?"""
        if best is None:
            return True
        return value > best if self.monitor == "accuracy" else value < best

    def should_stop(self, history: History) -> bool:
        """True when training should stop after the last epoch in ``history``."""
        series = history.series(self.monitor)
        if self.target is not None and series:
            last = series[-1]
            if (last >= self.target) if self.monitor == "accuracy" else (last <= self.target):
                return True
        return self.patience is not None and history.epochs - history.best_epoch >= self.patience


@dataclass
class History:
    """What ``fit`` measured, one entry per epoch, and the test accuracy measured once at the end.

    ``train_loss``: mean training loss per image; ``val_acc`` and ``val_loss``: accuracy
    in [0, 1] and mean loss per image on the validation loader (``val_loss`` only where
    it was measured: an ``evaluate`` that returns (loss, accuracy), or a stop rule on the
    loss); ``seconds``: training time since the start
    (evaluation excluded); ``best_epoch`` (1-based, 0 before the first) by the stop rule's
    monitor (validation accuracy without one); ``stopped_early``: a rule or the time limit
    ended training before ``epochs``; ``test_acc``: accuracy on ``test_loader``, read
    once after training (None without one).
    """

    train_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    best_epoch: int = 0
    stopped_early: bool = False
    test_acc: float | None = None

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    @property
    def best_val_acc(self) -> float:
        """Validation accuracy of the best epoch (nan when nothing was validated)."""
        return self.val_acc[self.best_epoch - 1] if self.best_epoch and self.val_acc else float("nan")

    def series(self, monitor: str) -> list[float]:
        """The validation series a stop rule reads: ``val_acc`` ("accuracy") or ``val_loss`` ("loss")."""
        return self.val_acc if monitor == "accuracy" else self.val_loss

    def time_to(self, accuracy: float) -> float | None:
        """Training seconds until the validation accuracy first reached ``accuracy`` (None: never)."""
        for acc, sec in zip(self.val_acc, self.seconds, strict=False):
            if acc >= accuracy:
                return sec
        return None

    def __repr__(self) -> str:
        if not self.epochs:
            return "History(no epochs)"
        text = f"History({self.epochs} epochs, final loss {self.train_loss[-1]:.4f}"
        if self.val_acc:
            text += (f", best epoch {self.best_epoch} with validation accuracy {self.best_val_acc:.4f}, "
                     f"stopped early: {self.stopped_early}")
        if self.test_acc is not None:
            text += f", test accuracy {self.test_acc:.2%}"
        return text + f", {self.seconds[-1]:.1f} s)"

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


def _mean_loss(model, loader: Iterable, device) -> float:
    """Mean cross-entropy per image of ``model`` on ``loader`` (eval mode): what a stop rule on the
    validation loss reads. Private on purpose: notebook 07 grades ``evaluate`` (accuracy), whose
    reference, evaluate_accuracy, the grader hides from 07's kernel; this computes no accuracy."""
    import torch
    import torch.nn.functional as F

    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            total += float(F.cross_entropy(model(x), y)) * len(y)
            count += len(y)
    model.train(was_training)
    return total / max(count, 1)


def _held_out_split(loader) -> str | None:
    """What a loader from ``data.make_loaders`` holds: "test", "validation", or None (unknown)."""
    return getattr(getattr(loader, "dataset", None), "split", None)


def _check_loaders(val_loader, test_loader, stop) -> None:
    if stop is not None and val_loader is None:
        raise ValueError("a stop rule reads validation data: pass val_loader (experiments.split_validation "
                         "holds training images out for it)")
    if val_loader is not None and val_loader is test_loader:
        raise ValueError("val_loader is test_loader: choices made on the test set make its accuracy "
                         "optimistic; hold training images out (experiments.split_validation)")
    if _held_out_split(val_loader) == "test":
        raise ValueError("val_loader holds the test set (the second loader of data.make_loaders on a data "
                         "set's own split): validate on training images held out with "
                         "experiments.split_validation, and pass the test set as test_loader")


def _validate(model, loader, device, evaluate, need_loss: bool) -> tuple[float, float | None]:
    """(accuracy, loss or None) on ``loader``: the loss where ``evaluate`` returns it or ``need_loss``."""
    out = (evaluate or evaluate_accuracy)(model, loader, device)
    if isinstance(out, tuple):
        loss, acc = out
        return float(acc), float(loss)
    return float(out), (_mean_loss(model, loader, device) if need_loss else None)


def fit(model, train_loader, val_loader=None, *, epochs: int, optimizer, device,
        stop: EarlyStopping | None = None, test_loader=None,
        train_one_epoch: Callable | None = None, evaluate: Callable | None = None,
        scheduler=None, max_seconds: float | None = None, progress: bool = False,
        plot: bool = False, verbose: bool = False, title: str = "") -> History:
    """Train ``model`` for up to ``epochs`` epochs: the course's one training loop.

    After each epoch the model is evaluated on ``val_loader`` (if given), and ``stop``
    (an :class:`EarlyStopping`) decides from those validation values alone whether to go
    on; with ``stop.restore_best`` the model ends with the best epoch's weights. The test
    set is never read during training: ``test_loader`` (optional) is evaluated once, after
    the last epoch and the restore, into ``History.test_acc``. Training also stops once
    its time passes ``max_seconds``; ``scheduler.step()`` runs after each epoch.

    ``train_one_epoch(model, loader, optimizer, device) -> mean loss`` defaults to
    :func:`train_epoch`; ``evaluate(model, loader, device)`` returns the accuracy, or
    (loss, accuracy), and defaults to :func:`evaluate_accuracy` (pass a learner's own to use
    them, as notebook 07 does). The validation loss (mean cross-entropy per image) is
    recorded where ``evaluate`` returns it or the stop rule monitors it. ``progress``: a tqdm bar over each epoch's
    batches; ``plot`` (in Jupyter): a live figure of the training loss and the
    validation accuracy; ``verbose``: one line per epoch.

    Raises ValueError for epochs < 1, a stop rule without ``val_loader``, and a
    ``val_loader`` that is ``test_loader`` or holds a data set's test split (a loader that
    ``data.make_loaders`` made from a Dataset whose held-out images are its test set).
    """
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be a whole number >= 1, got {epochs}")
    _check_loaders(val_loader, test_loader, stop)
    from tqdm.auto import tqdm

    train_one_epoch = train_one_epoch or train_epoch
    monitor = stop.monitor if stop is not None else "accuracy"
    model.to(device)
    history = History()
    best_value, best_state = None, None
    live = LivePlot(title=title, enabled=plot and in_notebook(), acc_label="validation accuracy")
    elapsed = 0.0
    for epoch in range(1, epochs + 1):
        total = len(train_loader) if hasattr(train_loader, "__len__") else None
        with tqdm(total=total, desc=f"epoch {epoch}/{epochs}", unit="batch",
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
        history.train_loss.append(loss)
        history.seconds.append(elapsed)
        acc = None
        if val_loader is not None:
            acc, val_loss = _validate(model, val_loader, device, evaluate, monitor == "loss")
            history.val_acc.append(acc)
            if val_loss is not None:
                history.val_loss.append(val_loss)
            value = acc if monitor == "accuracy" else val_loss
            if (stop or EarlyStopping(patience=1)).better(value, best_value):
                best_value, history.best_epoch = value, epoch
                if stop is not None and stop.restore_best:
                    best_state = copy.deepcopy(model.state_dict())
        live.update(loss=loss, acc=acc)
        if verbose:
            shown = "" if acc is None else (f", validation accuracy {acc:.2%}"
                                            f"{' (best)' if history.best_epoch == epoch else ''}")
            print(f"epoch {epoch}: loss {loss:.4f}{shown}, {elapsed:.1f} s", flush=True)
        if (stop is not None and stop.should_stop(history)) or \
                (max_seconds is not None and elapsed >= max_seconds):
            history.stopped_early = epoch < epochs
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    if test_loader is not None:
        history.test_acc = _validate(model, test_loader, device, evaluate, False)[0]
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
