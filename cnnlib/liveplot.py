"""A live figure of training loss and accuracy that redraws in place in Jupyter.

``cnnlib.training.fit`` draws one per run; notebook 06 keeps one for its own NumPy
loop (re-exported as ``cnnlib.training.LivePlot``).
"""

from __future__ import annotations

__all__ = ["LivePlot", "in_notebook"]


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where figures can update in place)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


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
