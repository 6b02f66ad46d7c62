"""The sliding window as an animation: step or play a kernel over a small image.

Notebook 01 shows the window on one channel (the 5 x 5 example), notebook 02
on a volume of several channels with stride 2 and zero padding (the layout of
the CS231n notes' animated demo). Each frame shows, for every channel, the
padded input with the window outlined, the kernel, their elementwise
products, and the feature map filled up to the current position.

    >>> from cnnlib.sliding_window import SlidingWindow
    >>> SlidingWindow(image, kernel, stride=2, padding=1)   # displays in Jupyter

The controls: a Play button and a "step" slider linked to it (play, pause,
or drag to any position), and sliders for the stride S and the padding P.
Steps are counted from 1, as the status line says them. Headless use (tests,
scripts): ``widget.play.value = 3`` or ``widget.show(2)`` (0-based, the index
of :class:`Step`) moves to the third step; ``widget.set(S=1, P=0)`` changes the
settings; ``widget.current`` (a :class:`Step`), ``widget.status.value`` and
``widget.png`` tell what is shown. In the browser the whole widget has the
CSS class ``cnn-sliding-window``; its parts ``cnn-sliding-window-play``,
``-step``, ``-S``, ``-P`` (sliders), ``-status`` and ``-plot`` (the <img>).

The arithmetic is cross-correlation (no kernel flip), as in every CNN library
and in this course; the output size is (W - F + 2P) / S + 1, and settings
where that is not a whole number raise ValueError (Dumoulin and Visin, "A
guide to convolution arithmetic for deep learning", arXiv:1603.07285, 2016).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .geometry import conv_output_size
from .viz import show_kernel, show_matrix
from .widgets import CourseWidget

__all__ = ["Step", "sliding_steps", "SlidingWindow", "CSS_CLASS", "MAX_SIDE"]

CSS_CLASS = "cnn-sliding-window"
MAX_SIDE = 16          # padded inputs up to 16 x 16: every number must stay readable
PAD_COLOR = "#bdbdbd"
BAD_COLOR = "#d62728"


@dataclass(frozen=True)
class Step:
    """One position of the window.

    ``index``: the step number in row-major order (0 first); ``i``, ``j``:
    the output position; ``row``, ``col``: the window's top-left corner in
    the padded input (``i * stride``, ``j * stride``); ``window`` and
    ``products``: (C, FH, FW) float64, the input under the window and its
    elementwise product with the kernel; ``value``: the sum of the products
    plus the bias, i.e. ``output[i, j]``.
    """

    index: int
    i: int
    j: int
    row: int
    col: int
    window: np.ndarray
    products: np.ndarray
    value: float


def _as_volume(a: Any, what: str) -> np.ndarray:
    v = np.array(a, dtype=np.float64)          # a copy: the caller's array is never touched
    if v.ndim == 2:
        v = v[None]
    if v.ndim != 3 or 0 in v.shape:
        raise ValueError(f"{what} must be (H, W) or (C, H, W), got shape {np.shape(a)}")
    return v


def _padding(padding: int | str, fh: int, fw: int) -> tuple[int, int]:
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0
        if padding == "full":
            return fh - 1, fw - 1
        if padding == "same":
            if fh % 2 == 0 or fw % 2 == 0:
                raise ValueError(f"padding='same' needs odd kernel sizes, got {fh} x {fw}")
            return (fh - 1) // 2, (fw - 1) // 2
        raise ValueError(f"padding must be an int or 'valid', 'same', 'full', got {padding!r}")
    if int(padding) != padding or padding < 0:
        raise ValueError(f"padding must be a whole number >= 0, got P={padding}")
    return int(padding), int(padding)


def sliding_steps(image: Any, kernel: Any, stride: int = 1, padding: int | str = 0,
                  bias: float = 0.0) -> tuple[np.ndarray, list[Step]]:
    """Every position of the window, in the order a loop visits them.

    image: (H, W) or (C, H, W); kernel: (FH, FW) or (C, FH, FW) with the same
    C (a filter spans the input's full depth). stride: int S >= 1; padding:
    int P >= 0 (zeros on every side) or "valid", "same", "full". bias: added
    once per output value.
    Returns (padded, steps): padded (C, H + 2PH, W + 2PW) float64 and the list
    of :class:`Step` in row-major order of the output (H_out * W_out steps,
    H_out = (H - FH + 2PH) / S + 1). The inputs are not changed.
    Raises ValueError for a channel mismatch, a stride below 1, a bad padding,
    or settings where the output size is not a whole positive number (the
    message names W, F, S and P of the failing axis).
    """
    x = _as_volume(image, "image")
    k = _as_volume(kernel, "kernel")
    if x.shape[0] != k.shape[0]:
        raise ValueError(f"the kernel has {k.shape[0]} channel(s) but the image has "
                         f"{x.shape[0]}: a filter spans the full depth of its input")
    if int(stride) != stride or stride < 1:
        raise ValueError(f"stride must be a whole number >= 1, got S={stride}")
    s = int(stride)
    _, fh, fw = k.shape
    ph, pw = _padding(padding, fh, fw)
    h_out = conv_output_size(x.shape[1], fh, s, ph)
    w_out = conv_output_size(x.shape[2], fw, s, pw)
    padded = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    steps = []
    for i in range(h_out):
        for j in range(w_out):
            r, c = i * s, j * s
            window = padded[:, r:r + fh, c:c + fw].copy()
            products = window * k
            steps.append(Step(len(steps), i, j, r, c, window, products,
                              float(products.sum() + bias)))
    return padded, steps


class SlidingWindow(CourseWidget):
    """A Play button and sliders that move a kernel over a small image, one step a frame.

    image: (H, W) or (C, H, W); kernel: (FH, FW) or (C, FH, FW), small (the
    padded input at most MAX_SIDE x MAX_SIDE, so that every number stays
    readable). stride and padding as in :func:`sliding_steps` (an int padding
    becomes the P slider's start; a name is turned into its int). bias: added
    to each output value. interval: milliseconds per frame while playing.

    Attributes: ``play`` (ipywidgets.Play), ``step`` (IntSlider, linked to
    play), ``sliders`` ({"S": IntSlider, "P": IntSlider}), ``status`` (HTML),
    ``plot`` (Image, PNG), ``figure`` (the Figure drawn last), ``widget`` (the
    VBox shown), ``steps`` (list of :class:`Step` for the current S and P, empty
    when they are invalid), ``output`` ((H_out, W_out) float64 or None).
    Raises ValueError (from :func:`sliding_steps`) when the starting settings
    are invalid or the input is too large to draw. Built as the course's other widgets
    are (:class:`cnnlib.widgets.CourseWidget`): ``set(S=..., P=...)`` moves the settings.
    """

    def __init__(self, image: Any, kernel: Any, stride: int = 1, padding: int | str = 0, *,
                 bias: float = 0.0, interval: int = 900) -> None:
        self.image = _as_volume(image, "image")
        self.kernel = _as_volume(kernel, "kernel")
        self.bias = float(bias)
        _, fh, fw = self.kernel.shape
        p = _padding(padding, fh, fw)[0]
        sliding_steps(self.image, self.kernel, stride, p, self.bias)   # fail early, clearly
        side = max(self.image.shape[1:]) + 2 * max(p, fh - 1)
        if side > MAX_SIDE:
            raise ValueError(f"the sliding window draws every number: keep the padded input at "
                             f"most {MAX_SIDE} x {MAX_SIDE} (this one can reach {side})")
        self._cache: dict[tuple[int, int, int], bytes] = {}
        self.play = widgets.Play(value=1, min=1, max=2, step=1, interval=int(interval),
                                 description="play", repeat=False, show_repeat=False)
        self.play.add_class(f"{CSS_CLASS}-play")
        self.step = widgets.IntSlider(value=1, min=1, max=2, description="step",
                                      continuous_update=True, readout=True,
                                      layout=widgets.Layout(width="320px"),
                                      style={"description_width": "40px"})
        self.step.add_class(f"{CSS_CLASS}-step")
        self._link = widgets.link((self.play, "value"), (self.step, "value"))
        self.sliders = {
            "S": widgets.IntSlider(value=int(stride), min=1, max=3, description="S",
                                   tooltip="stride", continuous_update=False,
                                   layout=widgets.Layout(width="180px"),
                                   style={"description_width": "20px"}),
            "P": widgets.IntSlider(value=p, min=0, max=max(2, p), description="P",
                                   tooltip="zero padding", continuous_update=False,
                                   layout=widgets.Layout(width="180px"),
                                   style={"description_width": "20px"}),
        }
        for name, s in self.sliders.items():
            s.add_class(f"{CSS_CLASS}-{name}")
        self.status = widgets.HTML()
        self.status.add_class(f"{CSS_CLASS}-status")
        self.plot = widgets.Image(format="png")
        self.plot.add_class(f"{CSS_CLASS}-plot")
        c = self.image.shape[0]
        self.figure = Figure(figsize=(10.5, 2.6 * c + 0.4))
        FigureCanvasAgg(self.figure)
        self.controls = self.sliders
        self._mount([widgets.HBox([self.play, self.step, *self.sliders.values()]), self.status, self.plot],
                    CSS_CLASS)
        self.steps: list[Step] = []
        self.output: np.ndarray | None = None
        self.padded: np.ndarray = self.image
        self.message = ""
        self.refresh()
        self._watch([self.step], lambda _change: self.redraw())
        self._watch(self.sliders.values())

    # -- settings -----------------------------------------------------------
    @property
    def stride(self) -> int:
        return int(self.sliders["S"].value)

    @property
    def padding(self) -> int:
        return int(self.sliders["P"].value)

    @property
    def valid(self) -> bool:
        return bool(self.steps)

    @property
    def current(self) -> Step | None:
        """The step shown now, or None when the settings are invalid."""
        if not self.steps:
            return None
        return self.steps[max(0, min(int(self.step.value) - 1, len(self.steps) - 1))]

    @property
    def png(self) -> bytes:
        return bytes(self.plot.value)

    def show(self, index: int) -> None:
        """Move to step ``index`` (clipped to the valid range), as the slider would."""
        self.step.value = max(0, min(int(index), max(len(self.steps) - 1, 0))) + 1

    # -- drawing ------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the steps for the S and P sliders, back to step 1, and redraw."""
        _, fh, fw = self.kernel.shape
        try:
            self.padded, self.steps = sliding_steps(self.image, self.kernel, self.stride,
                                                    self.padding, self.bias)
            self.message = ""
        except ValueError as err:
            p = self.padding
            self.padded = np.pad(self.image, ((0, 0), (p, p), (p, p)))
            self.steps, self.message = [], str(err)
        with self._quietly():             # a new setting starts again at step 0
            self.step.value = self.play.value = 1
            if self.steps:
                last = self.steps[-1]
                self.output = np.zeros((last.i + 1, last.j + 1))
                for st in self.steps:
                    self.output[st.i, st.j] = st.value
                n = len(self.steps)
                self.play.max = self.step.max = max(n, 2)
                self.play.disabled = self.step.disabled = n == 1
            else:
                self.output = None
                self.play.disabled = self.step.disabled = True
        self.redraw()

    def _status_html(self) -> str:
        if not self.steps:
            return (f'<span style="color:{BAD_COLOR}" data-valid="false">'
                    f"{html.escape(self.message)}. Try another S or P.</span>")
        st = self.current
        assert st is not None
        c = self.image.shape[0]
        over = f", summed over {c} channels" if c > 1 else ""
        bias = f" + bias {self.bias:g}" if self.bias else ""
        h_out, w_out = self.output.shape
        text = (f"step {st.index + 1} of {len(self.steps)}: the window's top-left corner is at "
                f"row {st.row}, column {st.col} of the padded input (= output position "
                f"({st.i}, {st.j}) times S={self.stride}); output[{st.i}, {st.j}] = sum of "
                f"window x kernel{over}{bias} = {st.value:g}. Output {h_out} x {w_out}.")
        return f'<span data-valid="true" data-step="{st.index}">{html.escape(text)}</span>'

    def draw(self, fig: Figure | None = None) -> Figure:
        """Draw the current step on ``fig`` (the widget's own Figure when None)."""
        fig = fig or self.figure
        fig.clear()
        c = self.image.shape[0]
        axes = fig.subplots(c, 4, squeeze=False)
        st = self.current
        p = self.padding
        _, fh, fw = self.kernel.shape
        for ch in range(c):
            ax = axes[ch, 0]
            hl = (st.row, st.col, fh, fw) if st else None
            name = f"input, channel {ch}" if c > 1 else "input"
            show_matrix(self.padded[ch], ax, signed=False, highlight=hl,
                        title=name + (f" (padded by {p})" if p else ""))
            side_h, side_w = self.padded.shape[1:]
            for r in range(side_h):      # grey over the zero padding
                for col in range(side_w):
                    if not (p <= r < side_h - p and p <= col < side_w - p):
                        ax.add_patch(Rectangle((col - 0.5, r - 0.5), 1, 1, facecolor=PAD_COLOR,
                                               alpha=0.55, edgecolor="none"))
            show_kernel(self.kernel[ch], axes[ch, 1],
                        title=f"kernel, channel {ch}" if c > 1 else "kernel")
            if st:
                show_matrix(st.products[ch], axes[ch, 2], signed=True,
                            title=f"window x kernel: {float(st.products[ch].sum()):g}")
            else:
                axes[ch, 2].axis("off")
        if st:
            h_out, w_out = self.output.shape
            done = np.arange(h_out * w_out).reshape(h_out, w_out) <= st.index
            show_matrix(self.output, axes[0, 3], mask=done, highlight=(st.i, st.j, 1, 1),
                        title=f"output, position ({st.i}, {st.j})")
        else:
            axes[0, 3].axis("off")
            axes[0, 3].text(0.5, 0.5, "invalid setting:\nno output", ha="center", va="center",
                            color=BAD_COLOR, fontsize=11, transform=axes[0, 3].transAxes)
        for ch in range(1, c):
            axes[ch, 3].axis("off")
        if st and c > 1:
            axes[1, 3].text(0.5, 0.5, " + ".join(f"{float(st.products[ch].sum()):g}"
                                                 for ch in range(c))
                            + (f" + {self.bias:g}" if self.bias else "")
                            + f"\n= {st.value:g}", ha="center", va="center", fontsize=10,
                            transform=axes[1, 3].transAxes)
        fig.suptitle(f"S={self.stride}, P={p}", fontsize=10)
        fig.tight_layout()
        return fig

    def redraw(self) -> None:
        st = self.current
        key = (self.stride, self.padding, st.index if st else -1)
        if key not in self._cache:
            self.draw()
            buf = io.BytesIO()
            self.figure.savefig(buf, format="png", dpi=62)
            self._cache[key] = buf.getvalue()
        self.status.value = self._status_html()
        self.plot.value = self._cache[key]

    def __repr__(self) -> str:
        c, h, w = self.image.shape
        return (f"SlidingWindow(image {c}x{h}x{w}, kernel {'x'.join(map(str, self.kernel.shape))}, "
                f"S={self.stride}, P={self.padding})")
