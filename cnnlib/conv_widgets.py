"""The conv-arithmetic widget of notebook 02: where does the filter land?

Sliders set the input width W, the filter size F, the stride S and the zero
padding P. The picture shows every place the filter lands along one axis
(one row per output position, the zero padding in grey) and, next to it, the
padded input seen from above with the centre of every window marked. The
text under the sliders gives the output size (W - F + 2P) / S + 1, or says
why the setting is invalid and which nearby settings are valid.

    >>> from cnnlib.conv_widgets import ConvArithmetic
    >>> ConvArithmetic(W=7, F=3, S=2, P=1)   # displays in Jupyter

Headless use (tests, scripts): ``widget.set(W=5, F=3)`` changes the
sliders; ``widget.output_size``, ``widget.message``, ``widget.rows`` and
``widget.png`` tell what is shown. In the browser the whole widget carries the
CSS class ``cnn-conv-arithmetic``; its sliders are described "W", "F", "S",
"P" (classes ``cnn-conv-arithmetic-W`` ...), the text has class
``cnn-conv-arithmetic-status`` and the picture ``cnn-conv-arithmetic-plot``.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .geometry import conv_output_size
from .widgets import CourseWidget

__all__ = ["Arithmetic", "arithmetic", "ConvArithmetic", "CSS_CLASS"]

CSS_CLASS = "cnn-conv-arithmetic"
NAMES = {"W": "input width W", "F": "filter size F", "S": "stride S", "P": "zero padding P"}
RANGES = {"W": (1, 16), "F": (1, 7), "S": (1, 4), "P": (0, 3)}

PAD_COLOR = "#d9d9d9"
FILTER_COLOR = "#1f77b4"
BAD_COLOR = "#d62728"


@dataclass(frozen=True)
class Arithmetic:
    """What one setting of W, F, S, P gives along one axis.

    ``rows`` lists each place the filter lands as (first, last + 1) in the
    padded input's columns (0 .. W + 2P); when the setting is invalid the last
    row is the placement that would hang over the edge (``overhang`` columns).
    """

    W: int
    F: int
    S: int
    P: int
    output_size: int | None
    rows: tuple[tuple[int, int], ...]
    overhang: int
    message: str

    @property
    def valid(self) -> bool:
        return self.output_size is not None


def _valid(W: int, F: int, S: int, P: int) -> bool:
    try:
        conv_output_size(W, F, S, P)
    except ValueError:
        return False
    return True


def _alternatives(W: int, F: int, S: int, P: int) -> str:
    lo_p, hi_p = RANGES["P"]
    lo_s, hi_s = RANGES["S"]
    ps = [p for p in range(lo_p, max(hi_p, P) + 1) if p != P and _valid(W, F, S, p)]
    ss = [s for s in range(lo_s, max(hi_s, S) + 1) if s != S and _valid(W, F, s, P)]
    ideas = []
    if ps:
        ideas.append("P = " + " or ".join(map(str, ps[:3])))
    if ss:
        ideas.append("S = " + " or ".join(map(str, ss[:3])))
    return f" Valid nearby: {'; '.join(ideas)}." if ideas else ""


def arithmetic(W: int, F: int, S: int = 1, P: int = 0) -> Arithmetic:
    """The output size and filter placements for input W, filter F, stride S, padding P."""
    padded = W + 2 * P
    formula = f"(W - F + 2P) / S + 1 = ({W} - {F} + 2*{P}) / {S} + 1"
    if F > padded:
        msg = (f"Invalid (W={W}, F={F}, S={S}, P={P}): the filter (F={F}) is wider than the "
               f"padded input (W + 2P = {padded}), so it fits nowhere.")
        return Arithmetic(W, F, S, P, None, ((0, F),), F - padded,
                          msg + _alternatives(W, F, S, P))
    span = padded - F
    fits = conv_output_size(W, F, S, P, exact=False)   # the placements that fit
    rows = [(i * S, i * S + F) for i in range(fits)]
    if _valid(W, F, S, P):
        msg = (f"Output size: {formula} = {fits}. The filter lands at {fits} "
               f"position{'s' if fits != 1 else ''} along each axis, so a {W} x {W} input "
               f"gives a {fits} x {fits} output.")
        return Arithmetic(W, F, S, P, fits, tuple(rows), 0, msg)
    start = fits * S
    overhang = start + F - padded
    rows.append((start, start + F))
    msg = (f"Invalid (W={W}, F={F}, S={S}, P={P}): {formula} = {span / S + 1:g} is not a "
           f"whole number. After {fits} placement{'s' if fits != 1 else ''} the next one would "
           f"hang {overhang} column{'s' if overhang != 1 else ''} past the edge. (PyTorch would "
           f"floor to {fits} and silently ignore the last {span % S} "
           f"column{'s' if span % S != 1 else ''}.)")
    return Arithmetic(W, F, S, P, None, tuple(rows), overhang, msg + _alternatives(W, F, S, P))


def _cell(ax, x: float, y: float, width: float = 1, height: float = 1, **kw) -> Rectangle:
    patch = Rectangle((x, y), width, height, **kw)
    ax.add_patch(patch)
    return patch


def draw(a: Arithmetic, fig: Figure | None = None) -> Figure:
    """Draw ``a`` on ``fig`` (a new Figure when None): placements left, the 2-D view right."""
    fig = fig or Figure(figsize=(9, 4.2))
    fig.clear()
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    padded = a.W + 2 * a.P
    n_rows = len(a.rows)
    width = max(padded, a.rows[-1][1])

    # Left: one row per placement of the filter along the width.
    for r, (lo, hi) in enumerate(a.rows):
        y = n_rows - 1 - r
        bad = not a.valid and r == n_rows - 1
        for c in range(padded):
            pad = c < a.P or c >= a.P + a.W
            _cell(ax1, c, y, facecolor=PAD_COLOR if pad else "white", edgecolor="#888888", lw=0.6)
        color = BAD_COLOR if bad else FILTER_COLOR
        _cell(ax1, lo, y, width=hi - lo, facecolor=color, alpha=0.45, edgecolor=color, lw=1.8)
        for c in range(max(padded, lo), hi):  # columns past the edge
            _cell(ax1, c, y, facecolor="none", edgecolor=BAD_COLOR, lw=1.2, ls="--")
        label = "no output" if bad else f"out {r}"
        ax1.text(-0.4, y + 0.5, label, ha="right", va="center", fontsize=8,
                 color=BAD_COLOR if bad else "black")
    ax1.set_xlim(-3.2, width + 0.2)
    ax1.set_ylim(-0.2, n_rows + 0.2)
    ax1.set_aspect("equal")
    ax1.axis("off")
    ax1.set_title("where the filter lands: one row per output (grey = zero padding)",
                  fontsize=9)

    # Right: the padded input from above, one dot per window centre.
    for i in range(padded):
        for j in range(padded):
            pad = not (a.P <= i < a.P + a.W and a.P <= j < a.P + a.W)
            _cell(ax2, j, padded - 1 - i, facecolor=PAD_COLOR if pad else "white",
                  edgecolor="#888888", lw=0.5)
    fitting = a.rows if a.valid else a.rows[:-1]
    for lo_i, _ in fitting:
        for lo_j, _ in fitting:
            ax2.plot(lo_j + a.F / 2, padded - lo_i - a.F / 2, "o", color=FILTER_COLOR, ms=4)
    if fitting:
        _cell(ax2, 0, padded - a.F, width=a.F, height=a.F, facecolor=FILTER_COLOR, alpha=0.3,
              edgecolor=FILTER_COLOR, lw=2)
    if not a.valid and a.F <= padded:
        reach = fitting[-1][1]
        ax2.add_patch(Rectangle((reach, 0), padded - reach, padded, facecolor=BAD_COLOR,
                                alpha=0.25, edgecolor="none"))
        ax2.add_patch(Rectangle((0, 0), reach, padded - reach, facecolor=BAD_COLOR,
                                alpha=0.25, edgecolor="none"))
    ax2.set_xlim(-0.2, padded + 0.2)
    ax2.set_ylim(-0.2, padded + 0.2)
    ax2.set_aspect("equal")
    ax2.axis("off")
    if a.valid:
        title = f"output {a.output_size} x {a.output_size} (one dot per output neuron)"
    elif a.F > padded:
        title = "invalid: the filter is wider than the padded input"
    else:
        title = "invalid: red = columns and rows the filter cannot cover exactly"
    ax2.set_title(title, fontsize=9, color="black" if a.valid else BAD_COLOR)
    fig.suptitle(f"W={a.W}, F={a.F}, S={a.S}, P={a.P}", fontsize=10)
    return fig


class ConvArithmetic(CourseWidget):
    """Sliders for W, F, S and P that draw where the filter lands and give the output size.

    Attributes for headless use: ``sliders`` ({"W": IntSlider, ...}),
    ``status`` (HTML widget with the message), ``plot`` (Image widget, PNG),
    ``figure`` (the matplotlib Figure drawn last), ``widget`` (the VBox shown). Built as
    the course's other widgets are (:class:`cnnlib.widgets.CourseWidget`).
    """

    def __init__(self, W: int = 7, F: int = 3, S: int = 2, P: int = 1) -> None:
        start = {"W": W, "F": F, "S": S, "P": P}
        self.sliders: dict[str, widgets.IntSlider] = {}
        for name, (lo, hi) in RANGES.items():
            s = widgets.IntSlider(value=min(max(start[name], lo), hi), min=lo, max=hi,
                                  description=name, tooltip=NAMES[name],
                                  continuous_update=False,
                                  layout=widgets.Layout(width="220px"),
                                  style={"description_width": "20px"})
            s.add_class(f"{CSS_CLASS}-{name}")
            self.sliders[name] = s
        self.status = widgets.HTML()
        self.status.add_class(f"{CSS_CLASS}-status")
        self.plot = widgets.Image(format="png")
        self.plot.add_class(f"{CSS_CLASS}-plot")
        self.figure = Figure(figsize=(9, 4.2))
        FigureCanvasAgg(self.figure)
        self.controls = self.sliders
        self._mount([widgets.HBox(list(self.sliders.values())), self.status, self.plot], CSS_CLASS)
        self.state: Arithmetic = arithmetic(**self.values)
        self._watch(self.sliders.values())
        self.refresh()

    @property
    def values(self) -> dict[str, int]:
        return {name: int(s.value) for name, s in self.sliders.items()}

    @property
    def output_size(self) -> int | None:
        """The output size, or None when the setting is invalid."""
        return self.state.output_size

    @property
    def message(self) -> str:
        return self.state.message

    @property
    def rows(self) -> tuple[tuple[int, int], ...]:
        return self.state.rows

    @property
    def png(self) -> bytes:
        return bytes(self.plot.value)

    def refresh(self) -> None:
        """Read the sliders, redraw the picture and the message."""
        self.state = arithmetic(**self.values)
        ok = self.state.valid
        color = "#1a7f37" if ok else BAD_COLOR
        self.status.value = (f'<span style="color:{color}" data-valid="{str(ok).lower()}">'
                             f"{html.escape(self.state.message)}</span>")
        draw(self.state, self.figure)
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=80)
        self.plot.value = buf.getvalue()

    redraw = refresh

    def __repr__(self) -> str:
        v = self.values
        return f"ConvArithmetic(W={v['W']}, F={v['F']}, S={v['S']}, P={v['P']})"
