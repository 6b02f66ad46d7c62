"""Interactive widgets: the kernel explorer of notebook 01, and small shared helpers.

    >>> from cnnlib import images, widgets
    >>> explorer = widgets.kernel_explorer(images.load_photo(downscale=2, gray=True))
    >>> explorer          # in Jupyter: pick a preset or type a kernel, see the photo change

The explorer is a VBox whose parts are attributes, so tests can drive it
without a browser (``explorer.preset.value = "sobel_x"``, then read
``explorer.output_image.value``, the PNG bytes, or ``explorer.result``, the
filtered array). In the browser the parts carry stable CSS classes:

    cnn-kernel-explorer   the container (VBox)
    cnn-kernel-preset     the preset Dropdown (description "Preset")
    cnn-kernel-display    the display Dropdown (description "Display")
    cnn-kernel-divisor    the FloatText the kernel is divided by (description "Divide by")
    cnn-kernel-cell       each of the 3 x 3 FloatText entries, plus cnn-kernel-cell-R-C
    cnn-kernel-input      the <img> of the input picture
    cnn-kernel-output     the <img> of the filtered picture (its src changes)
    cnn-kernel-status     an HTML line: the kernel's sum, the output range, or an error

The course's one widget idiom, :class:`CourseWidget`: explicit ipywidgets controls
whose ``observe`` callbacks redraw, held by a plain object (not an ipywidgets
subclass) that shows its root box through ``_repr_mimebundle_``. The three widgets
(this explorer, :class:`cnnlib.conv_widgets.ConvArithmetic`,
:class:`cnnlib.sliding_window.SlidingWindow`) are built on it. Why not
``ipywidgets.interact``: its output area fills only while a kernel runs the callback,
so tests and the book's stills (book/stills.py) could not read what it shows; it
cannot link a Play button to a slider; and its controls are made for you, without
the CSS classes the browser tests find them by. Why not subclass ``VBox``: the
course's names (``value``, ``set``, ``layout``...) would share one namespace with
ipywidgets' traits. Other notebooks' widgets may reuse :func:`png_bytes` and
:func:`image_widget`.
"""

from __future__ import annotations

import contextlib
import html
import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np

from . import images as _images
from .viz import GRAY_CMAP, SIGNED_CMAP, color_limits

__all__ = ["png_bytes", "image_widget", "CourseWidget", "KernelExplorer", "kernel_explorer", "DISPLAY_MODES"]

CUSTOM = "custom"
DISPLAY_MODES = ("auto", "clip to [0, 1]", "absolute value", "signed")


def png_bytes(array: Any, *, cmap: str | None = None, vmin: float | None = None,
              vmax: float | None = None, signed: bool | str = "auto",
              robust: bool = False) -> bytes:
    """PNG encoding of a picture: (H, W, 3) colour in [0, 1] (clipped), or (H, W) grey.

    Grey pictures follow the course's colour conventions (:mod:`cnnlib.viz`):
    signed data get the diverging map with symmetric limits (``robust``: from
    the 99.5th percentile of |x|, see :func:`cnnlib.viz.color_limits`).
    """
    import matplotlib.image as mpimg

    a = np.asarray(array, dtype=np.float64)
    buf = io.BytesIO()
    if a.ndim == 3:
        mpimg.imsave(buf, np.clip(a, 0.0, 1.0), format="png")
    elif a.ndim == 2:
        lo, hi = color_limits(a, signed, robust)
        lo = lo if vmin is None else vmin
        hi = hi if vmax is None else vmax
        is_signed = lo < 0 <= hi and signed is not False
        cm = cmap or (SIGNED_CMAP if is_signed else GRAY_CMAP)
        mpimg.imsave(buf, np.nan_to_num(a), format="png", cmap=cm, vmin=lo, vmax=hi)
    else:
        raise ValueError(f"png_bytes needs (H, W) or (H, W, 3), got shape {a.shape}")
    return buf.getvalue()


def image_widget(array: Any, *, css_class: str | None = None, width: int | None = None,
                 **kwargs: Any) -> widgets.Image:
    """An ipywidgets.Image showing ``array`` (see :func:`png_bytes` for ``kwargs``)."""
    a = np.asarray(array)
    img = widgets.Image(value=png_bytes(a, **kwargs), format="png", width=str(width or a.shape[1]))
    if css_class:
        img.add_class(css_class)
    return img


class CourseWidget:
    """The base of the course's widgets: explicit controls, ``observe`` callbacks, one root box.

    A subclass builds its controls, calls :meth:`_mount` with the root's children and CSS
    class (``self.widget`` becomes that VBox), registers its controls with :meth:`_watch`,
    and implements :meth:`refresh` (read the controls, redraw). Changes made by code that
    moves several controls at once go inside ``with self._quietly():`` (no callback runs)
    and end with one ``refresh()``; :meth:`set` does that for the controls in
    ``self.controls`` ({name: control}). In Jupyter the object displays as its root box.
    """

    controls: dict[str, widgets.ValueWidget]
    widget: widgets.VBox
    _quiet: int = 0

    def _mount(self, children: list, css_class: str) -> None:
        self.widget = widgets.VBox(children)
        self.widget.add_class(css_class)

    def _watch(self, controls, handler: Callable[[dict], None] | None = None) -> None:
        """Call ``handler(change)`` (default: ``refresh()``) when a control's value changes,
        except inside :meth:`_quietly`."""
        def callback(change: dict) -> None:
            if not self._quiet:
                (handler or (lambda _change: self.refresh()))(change)

        for control in controls:
            control.observe(callback, names="value")

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def set(self, **values: Any) -> None:
        """Move controls by name, e.g. ``set(W=5, P=0)``; redraws once. Raises ValueError for
        a name that is not one of ``self.controls``."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown slider(s) {sorted(unknown)}; use {', '.join(self.controls)}")
        with self._quietly():
            for name, v in values.items():
                self.controls[name].value = v
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _divisor_for(kernel: np.ndarray) -> float:
    """The smallest d in 1..64 with kernel * d all integers (16 for the Gaussian), else 1."""
    for d in range(1, 65):
        scaled = kernel * d
        if np.allclose(scaled, np.round(scaled), atol=1e-9):
            return float(d)
    return 1.0


class KernelExplorer(CourseWidget):
    """Pick or type a 3x3 kernel and watch the filtered picture update.

    Attributes: ``preset`` (Dropdown), ``cells`` (3 x 3 list of FloatText),
    ``divisor`` (FloatText), ``display_mode`` (Dropdown), ``input_image`` and
    ``output_image`` (ipywidgets.Image), ``status`` (HTML); ``kernel`` is the
    current (3, 3) float64 kernel (entries / divisor) and ``result`` the last
    filtered picture, (H - 2, W - 2[, 3]): valid cross-correlation, stride 1,
    so that no zero border distorts the picture. ``widget`` is the VBox shown;
    ``set(preset=..., display_mode=...)`` moves those controls (a :class:`CourseWidget`).
    """

    def __init__(self, image: Any, convolve: Callable[..., Any] | None = None, *,
                 kernels: Mapping[str, Any] | None = None, preset: str = "edge_3"):
        img = np.asarray(image, dtype=np.float64)
        if img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] != 3):
            raise ValueError(f"kernel_explorer needs an (H, W) or (H, W, 3) image, got {img.shape}")
        self._image = img
        self._convolve = convolve
        catalogue = _images.preset_kernels(kernels)
        self.kernels = {n: k for n, k in catalogue.items() if np.shape(k) == (3, 3)}
        if preset not in self.kernels:
            raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(self.kernels)}")
        self.result: np.ndarray | None = None

        self.preset = widgets.Dropdown(options=[*self.kernels, CUSTOM], value=preset,
                                       description="Preset")
        self.preset.add_class("cnn-kernel-preset")
        self.display_mode = widgets.Dropdown(options=list(DISPLAY_MODES), value="auto",
                                             description="Display")
        self.display_mode.add_class("cnn-kernel-display")
        self.divisor = widgets.FloatText(value=1.0, description="Divide by",
                                         layout=widgets.Layout(width="180px"))
        self.divisor.add_class("cnn-kernel-divisor")
        self.cells = []
        for r in range(3):
            row = []
            for c in range(3):
                cell = widgets.FloatText(value=0.0, layout=widgets.Layout(width="64px"))
                cell.add_class("cnn-kernel-cell")
                cell.add_class(f"cnn-kernel-cell-{r}-{c}")
                row.append(cell)
            self.cells.append(row)
        grid = widgets.GridBox([cell for row in self.cells for cell in row],
                               layout=widgets.Layout(grid_template_columns="repeat(3, 68px)"))
        self.input_image = image_widget(img, css_class="cnn-kernel-input")
        self.output_image = image_widget(img, css_class="cnn-kernel-output")
        self.status = widgets.HTML()
        self.status.add_class("cnn-kernel-status")

        controls = widgets.HBox([
            widgets.VBox([self.preset, self.display_mode, self.divisor]),
            widgets.VBox([widgets.HTML("<b>kernel</b> (entries / divisor)"), grid]),
        ])
        pictures = widgets.HBox([
            widgets.VBox([widgets.HTML("<b>input</b>"), self.input_image]),
            widgets.VBox([widgets.HTML("<b>output</b>"), self.output_image]),
        ])
        self._mount([controls, pictures, self.status], "cnn-kernel-explorer")
        self.controls = {"preset": self.preset, "display_mode": self.display_mode}

        self._watch([self.preset, self.display_mode])
        self._watch([*(c for row in self.cells for c in row), self.divisor], self._on_edit)
        self._load_preset(preset)
        self.render()

    # -- the kernel --------------------------------------------------------
    @property
    def kernel(self) -> np.ndarray:
        """The current kernel, (3, 3) float64: the entries divided by the divisor."""
        entries = np.array([[cell.value for cell in row] for row in self.cells], dtype=np.float64)
        d = float(self.divisor.value)
        return entries / d if d != 0 else np.full((3, 3), np.nan)

    def set_kernel(self, kernel: Any) -> None:
        """Show ``kernel`` (3, 3) in the grid (preset becomes "custom" unless it matches one)."""
        k = np.asarray(kernel, dtype=np.float64)
        if k.shape != (3, 3):
            raise ValueError(f"the explorer edits 3x3 kernels, got shape {k.shape}")
        self._fill(k)
        self._sync_preset()
        self.render()

    def _fill(self, k: np.ndarray) -> None:
        d = _divisor_for(k)
        with self._quietly():
            self.divisor.value = d
            for r in range(3):
                for c in range(3):
                    self.cells[r][c].value = float(np.round(k[r, c] * d, 10))

    def _load_preset(self, name: str) -> None:
        self._fill(np.asarray(self.kernels[name], dtype=np.float64))

    def _sync_preset(self) -> None:
        k = self.kernel
        match = next((n for n, p in self.kernels.items() if np.allclose(p, k, atol=1e-12)),
                     CUSTOM)
        with self._quietly():
            self.preset.value = match

    def _on_edit(self, _change: dict) -> None:
        self._sync_preset()
        self.render()

    # -- the picture -------------------------------------------------------
    def _filter(self, k: np.ndarray) -> np.ndarray:
        if self._convolve is None:
            return _images.filter_image(self._image, k, padding="valid")
        channels = [self._image] if self._image.ndim == 2 else \
            [self._image[..., c] for c in range(self._image.shape[2])]
        outs = [np.asarray(self._convolve(ch, k), dtype=np.float64) for ch in channels]
        expected = (channels[0].shape[0] - 2, channels[0].shape[1] - 2)
        for o in outs:
            if o.shape != expected:
                raise ValueError(f"convolve(image, kernel) returned shape {o.shape}, "
                                 f"expected {expected} (valid: no padding, stride 1)")
        return outs[0] if self._image.ndim == 2 else np.stack(outs, axis=-1)

    def _display(self, out: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, bool]:
        """(picture to encode, whether it is signed grey)."""
        mode = self.display_mode.value
        if mode == "auto":
            mode = "signed" if abs(float(k.sum())) < 1e-9 and np.any(k != 0) else "clip to [0, 1]"
        m = float(np.percentile(np.abs(out), 99.5)) or float(np.max(np.abs(out))) or 1.0
        if mode == "clip to [0, 1]":
            return np.clip(out, 0.0, 1.0), False
        if mode == "absolute value":
            return np.clip(np.abs(out) / m, 0.0, 1.0), False
        if out.ndim == 3:  # signed colour: grey means 0
            return np.clip(0.5 + out / (2 * m), 0.0, 1.0), False
        return out, True

    def refresh(self) -> None:
        """Load the chosen preset's kernel (unless it is shown already), then :meth:`render`."""
        name = self.preset.value
        if name != CUSTOM and not np.allclose(self.kernels[name], self.kernel, atol=1e-12):
            self._load_preset(name)
        self.render()

    def render(self) -> None:
        """Filter the picture with the current kernel and update the output image."""
        k = self.kernel
        if not np.all(np.isfinite(k)):
            self.status.value = "<span style='color:#b00'>the divisor must not be 0</span>"
            return
        try:
            out = self._filter(k)
        except Exception as exc:  # noqa: BLE001 - a learner's convolve2d may fail any way
            self.status.value = (f"<span style='color:#b00'>convolve failed: "
                                 f"{html.escape(type(exc).__name__)}: "
                                 f"{html.escape(str(exc))}</span>")
            return
        self.result = out
        shown, signed = self._display(out, k)
        if signed:
            self.output_image.value = png_bytes(shown, signed=True, robust=True)
        else:
            self.output_image.value = png_bytes(shown, vmin=0.0, vmax=1.0, signed=False)
        self.status.value = (f"kernel sum {float(k.sum()):.3g}; output range "
                             f"[{float(out.min()):.3g}, {float(out.max()):.3g}]"
                             + ("; shown blue &lt; 0 &lt; red" if signed else ""))


def kernel_explorer(image: Any, convolve: Callable[..., Any] | None = None, *,
                    kernels: Mapping[str, Any] | None = None,
                    preset: str = "edge_3") -> KernelExplorer:
    """A widget to try 3x3 kernels on ``image`` ((H, W) grey or (H, W, 3) colour in [0, 1]).

    ``convolve(image2d, kernel)`` (valid, stride 1) filters each channel;
    default: cnnlib's own :func:`cnnlib.images.filter_image`. Pass your
    ``convolve2d`` to watch your own code at work. ``kernels`` adds or
    replaces presets (e.g. your KERNELS); 3x3 ones appear in the dropdown.
    """
    return KernelExplorer(image, convolve, kernels=kernels, preset=preset)
