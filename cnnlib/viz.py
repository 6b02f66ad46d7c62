"""Plots for the course: image grids, kernels with their numbers, feature maps, filters.

Every function draws with matplotlib's pyplot (so Jupyter shows the figure
under the cell) and returns the Figure, whose axes hold one panel each
(unused grid cells are removed, so ``len(fig.axes)`` is the number of panels
plus colour bars).

Colour conventions, the same everywhere in the course:

- (H, W, 3) arrays are colour pictures with values in [0, 1] (clipped).
- (H, W) arrays with no negative value are drawn in grey; values in [0, 1]
  keep the fixed range [0, 1] so pictures can be compared.
- (H, W) arrays with negative values (edge detector outputs, filters,
  gradients) are drawn with a diverging map, blue < 0 < red, with limits
  symmetric around zero, so white always means 0.

Introduced in notebook 01; notebooks 03, 06, 07 and 08 use it for feature
maps (C, H, W) and first-layer filters (K, C, F, F).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from cnnlib.geometry import conv_output_size

__all__ = [
    "SIGNED_CMAP",
    "color_limits",
    "format_number",
    "show_images",
    "show_matrix",
    "show_kernel",
    "show_kernels",
    "show_feature_maps",
    "show_filters",
    "show_kernel_gallery",
    "show_sliding_steps",
]

SIGNED_CMAP = "RdBu_r"
GRAY_CMAP = "gray"


def _is_signed(x: np.ndarray, signed: bool | str) -> bool:
    if signed == "auto":
        return bool(x.size) and float(np.nanmin(x)) < 0.0
    return bool(signed)


def color_limits(x: Any, signed: bool | str = "auto", robust: bool = False) -> tuple[float, float]:
    """(vmin, vmax) the course uses to draw ``x``.

    Signed data: (-m, m) with m = max |x| (m = 1 when x is all zeros); with
    ``robust``, m is the 99.5th percentile of |x|, so that a few extreme
    pixels do not wash out the rest (they are drawn saturated).
    Otherwise (0, 1) when x lies in [0, 1], else (min, max).
    """
    a = np.asarray(x, dtype=np.float64)
    if a.size == 0:
        return (0.0, 1.0)
    if _is_signed(a, signed):
        m = float(np.nanpercentile(np.abs(a), 99.5)) if robust else 0.0
        m = m if m > 0 else float(np.nanmax(np.abs(a)))
        m = m if m > 0 else 1.0
        return (-m, m)
    lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
    if lo >= 0.0 and hi <= 1.0:
        return (0.0, 1.0)
    return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)


def format_number(v: float, fmt: str = "auto") -> str:
    """Text for a kernel cell: integers plainly, simple fractions as 1/9, else 2 decimals."""
    if fmt != "auto":
        return format(v, fmt)
    if not np.isfinite(v):
        return str(v)
    if float(v).is_integer():
        return str(int(v))
    frac = Fraction(float(v)).limit_denominator(64)
    if abs(float(frac) - v) < 1e-12 and frac.denominator <= 64:
        return f"{frac.numerator}/{frac.denominator}"
    return f"{v:.2f}"


def _grid(n: int, ncols: int | None, size: float | tuple[float, float],
          max_cols: int = 6) -> tuple[plt.Figure, list[plt.Axes]]:
    n = max(n, 1)
    ncols = min(n, ncols or min(n, max_cols))
    nrows = math.ceil(n / ncols)
    w, h = (size, size) if np.isscalar(size) else size
    fig, axes = plt.subplots(nrows, ncols, figsize=(w * ncols, h * nrows + 0.3), squeeze=False)
    flat = list(axes.ravel())
    for ax in flat[n:]:
        fig.delaxes(ax)
    return fig, flat[:n]


def _draw(ax: plt.Axes, img: Any, *, cmap: str | None, signed: bool | str,
          vmin: float | None, vmax: float | None, robust: bool = False):
    a = np.asarray(img, dtype=np.float64)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[..., 0]
    if a.ndim == 3:
        if a.shape[2] != 3:
            raise ValueError(f"colour images must be (H, W, 3), got {a.shape}")
        return ax.imshow(np.clip(a, 0.0, 1.0), interpolation="nearest")
    if a.ndim != 2:
        raise ValueError(f"images must be (H, W) or (H, W, 3), got shape {a.shape}")
    is_signed = _is_signed(a, signed)
    lo, hi = color_limits(a, is_signed, robust)
    lo = lo if vmin is None else vmin
    hi = hi if vmax is None else vmax
    cm = cmap if cmap is not None else (SIGNED_CMAP if is_signed else GRAY_CMAP)
    return ax.imshow(a, cmap=cm, vmin=lo, vmax=hi, interpolation="nearest")


def show_images(images: Sequence[Any] | Any, titles: Sequence[str] | None = None, *,
                ncols: int | None = None, cmap: str | None = None,
                signed: bool | str = "auto", vmin: float | None = None,
                vmax: float | None = None, colorbar: bool = False, robust: bool = False,
                size: float | tuple[float, float] = 2.6, suptitle: str | None = None,
                axis: bool = False) -> plt.Figure:
    """A grid of pictures, one panel each.

    images: a sequence of (H, W) or (H, W, 3) arrays (or one array). Grey
    pictures use ``cmap`` (default: grey, or the diverging map when signed);
    ``signed`` is True, False or "auto" (signed when a value is negative),
    which gives colour limits symmetric around 0. ``vmin``/``vmax`` override
    the limits of grey pictures; ``robust`` takes signed limits from the
    99.5th percentile of |x| (see :func:`color_limits`). ``colorbar`` adds
    one per grey panel.
    """
    if isinstance(images, np.ndarray) and images.ndim in (2, 3) and (
            images.ndim == 2 or images.shape[-1] in (1, 3)):
        images = [images]
    images = list(images)
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"{len(titles)} titles for {len(images)} images")
    fig, axes = _grid(len(images), ncols, size)
    for i, (ax, img) in enumerate(zip(axes, images, strict=True)):
        im = _draw(ax, img, cmap=cmap, signed=signed, vmin=vmin, vmax=vmax, robust=robust)
        if titles is not None:
            ax.set_title(titles[i], fontsize=10)
        if not axis:
            ax.set_xticks([])
            ax.set_yticks([])
        if colorbar and np.asarray(img).ndim == 2:
            fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def show_matrix(values: Any, ax: plt.Axes | None = None, *, title: str | None = None,
                fmt: str = "auto", cmap: str | None = None, signed: bool | str = "auto",
                highlight: tuple[int, int, int, int] | None = None,
                mask: Any = None, fontsize: float | None = None) -> plt.Axes:
    """A small (H, W) matrix as a heat map with each number written in its cell.

    highlight: (row, col, height, width) of a rectangle to outline (e.g. the
    window a kernel covers). mask: boolean (H, W); False cells are left blank.
    Text is white on dark cells and black on light ones.
    """
    a = np.asarray(values, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"show_matrix needs a 2-D array, got shape {a.shape}")
    if ax is None:
        h, w = a.shape
        _, ax = plt.subplots(figsize=(0.55 * w + 0.6, 0.55 * h + 0.6))
    is_signed = _is_signed(a, signed)
    lo, hi = color_limits(a, is_signed)
    if not is_signed:
        lo, hi = min(lo, 0.0), max(hi, 1e-12)
    cm = plt.get_cmap(cmap or (SIGNED_CMAP if is_signed else GRAY_CMAP))
    shown = a if mask is None else np.where(np.asarray(mask, bool), a, np.nan)
    ax.imshow(shown, cmap=cm, vmin=lo, vmax=hi, interpolation="nearest")
    fs = fontsize or max(6.0, 12.0 - 0.6 * max(a.shape))
    for (r, c), v in np.ndenumerate(a):
        if mask is not None and not np.asarray(mask, bool)[r, c]:
            continue
        rgb = cm((v - lo) / (hi - lo) if hi > lo else 0.5)[:3]
        dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.5
        ax.text(c, r, format_number(float(v), fmt), ha="center", va="center",
                fontsize=fs, color="white" if dark else "black")
    ax.set_xticks(np.arange(a.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(a.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="0.6", linewidth=0.5)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if highlight is not None:
        r, c, hh, ww = highlight
        ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), ww, hh, fill=False,
                                   edgecolor="orange", linewidth=3))
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def show_kernel(kernel: Any, ax: plt.Axes | None = None, *, title: str | None = None,
                fmt: str = "auto", cmap: str = SIGNED_CMAP) -> plt.Axes:
    """A kernel (FH, FW) as a heat map with its numbers; colour limits symmetric around 0."""
    return show_matrix(kernel, ax, title=title, fmt=fmt, cmap=cmap, signed=True)


def show_kernels(kernels: Mapping[str, Any] | Sequence[Any], titles: Sequence[str] | None = None,
                 *, ncols: int | None = None, size: float = 1.9) -> plt.Figure:
    """Several kernels side by side; a mapping's keys become the titles."""
    if isinstance(kernels, Mapping):
        titles = list(kernels) if titles is None else titles
        kernels = list(kernels.values())
    kernels = list(kernels)
    fig, axes = _grid(len(kernels), ncols, size, max_cols=5)
    for i, (ax, k) in enumerate(zip(axes, kernels, strict=True)):
        show_kernel(k, ax, title=None if titles is None else titles[i])
    fig.tight_layout()
    return fig


def show_feature_maps(maps: Any, titles: Sequence[str] | None = None, *, ncols: int = 8,
                      signed: bool | str = "auto", shared_scale: bool = False,
                      size: float = 1.6, suptitle: str | None = None) -> plt.Figure:
    """The channels of one activation volume, one panel per channel.

    maps: (C, H, W), or (1, C, H, W) (a batch of one). Each panel has its
    own colour limits unless ``shared_scale``; signed maps use the diverging
    map. Titles default to "channel c".
    """
    a = np.asarray(maps.detach().cpu() if hasattr(maps, "detach") else maps, dtype=np.float64)
    if a.ndim == 4 and a.shape[0] == 1:
        a = a[0]
    if a.ndim == 2:
        a = a[None]
    if a.ndim != 3:
        raise ValueError(f"feature maps must be (C, H, W) or (1, C, H, W), got {a.shape}")
    titles = [f"channel {c}" for c in range(a.shape[0])] if titles is None else titles
    vmin = vmax = None
    if shared_scale:
        vmin, vmax = color_limits(a, signed)
    return show_images(list(a), titles, ncols=min(ncols, a.shape[0]), signed=signed,
                       vmin=vmin, vmax=vmax, size=size, suptitle=suptitle)


def show_filters(weights: Any, *, ncols: int = 8, rgb: bool | str = "auto",
                 size: float = 1.1, titles: bool = True,
                 suptitle: str | None = None) -> plt.Figure:
    """Convolution filters (K, C, F, F), e.g. a first layer's weights.

    With C == 3 (and ``rgb`` not False) each filter is one colour picture,
    0.5 + w / (2 max|w|), so grey means 0. With C == 1 each filter is one
    signed panel. Otherwise the figure is a K x C grid: row k is filter k,
    column c its weights on input channel c.
    """
    w = np.asarray(weights.detach().cpu() if hasattr(weights, "detach") else weights,
                   dtype=np.float64)
    if w.ndim == 3:
        w = w[:, None]
    if w.ndim != 4:
        raise ValueError(f"filters must be (K, C, F, F), got shape {w.shape}")
    k, c = w.shape[:2]
    if c == 3 and rgb in ("auto", True):
        pics = []
        for f in w:
            m = float(np.max(np.abs(f))) or 1.0
            pics.append(0.5 + np.transpose(f, (1, 2, 0)) / (2 * m))
        names = [f"{i}" for i in range(k)] if titles else None
        return show_images(pics, names, ncols=min(ncols, k), size=size, suptitle=suptitle)
    if c == 1:
        names = [f"{i}" for i in range(k)] if titles else None
        return show_images(list(w[:, 0]), names, ncols=min(ncols, k), signed=True,
                           size=size, suptitle=suptitle)
    names = [f"{i}, ch {j}" for i in range(k) for j in range(c)] if titles else None
    return show_images([w[i, j] for i in range(k) for j in range(c)], names, ncols=c,
                       signed=True, size=size, suptitle=suptitle)


def show_kernel_gallery(image: Any, kernels: Mapping[str, Any],
                        convolve: Callable[..., Any], *, ncols: int = 5,
                        size: float = 2.3, padding: int | str = "valid") -> plt.Figure:
    """Each kernel above the picture it produces, in one figure.

    image: (H, W); kernels: name -> (FH, FW); ``convolve(image, kernel,
    padding=padding)`` computes each result. For every kernel there are two
    panels: the kernel's numbers, then the filtered picture. Kernels whose
    entries sum to 0 (edge detectors) give signed results, drawn with the
    diverging map and robust limits; the others give pictures, clipped to
    [0, 1]. Returns the Figure (2 * len(kernels) axes).
    """
    names = list(kernels)
    n = len(names)
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(2 * nrows, ncols, figsize=(size * ncols, size * 2 * nrows),
                             squeeze=False, gridspec_kw={"height_ratios": [0.6, 1] * nrows})
    for i, name in enumerate(names):
        r, c = divmod(i, ncols)
        k = np.asarray(kernels[name], dtype=np.float64)
        show_kernel(k, axes[2 * r, c], title=name)
        out = np.asarray(convolve(image, k, padding=padding), dtype=np.float64)
        ax = axes[2 * r + 1, c]
        zero_sum = abs(float(k.sum())) < 1e-9 and bool(np.any(k != 0))
        _draw(ax, out if zero_sum else np.clip(out, 0.0, 1.0), cmap=None, signed=zero_sum,
              vmin=None, vmax=None, robust=True)
        ax.set_xticks([])
        ax.set_yticks([])
    for i in range(n, nrows * ncols):
        r, c = divmod(i, ncols)
        fig.delaxes(axes[2 * r, c])
        fig.delaxes(axes[2 * r + 1, c])
    fig.tight_layout()
    return fig


def show_sliding_steps(image: Any, kernel: Any, steps: int | Sequence[tuple[int, int]] = 3, *,
                       stride: int = 1, padding: int = 0, size: float = 2.4) -> plt.Figure:
    """How cross-correlation fills a feature map, one window at a time.

    image: (H, W); kernel: (FH, FW); padding: zeros added on every side
    (drawn as part of the grid). steps: output positions (i, j) to show, or
    n for the first n in row-major order. Each row of the figure shows the
    (padded) image with the window outlined, the kernel, the elementwise
    products, and the feature map filled up to that position with the
    current value outlined. Returns the Figure (4 axes per step). Raises ValueError (naming W,
    F, S and P) where the output size (W - F + 2P) / S + 1 is not a whole positive number.
    """
    image = np.asarray(image, dtype=np.float64)
    x = np.pad(image, padding)
    k = np.asarray(kernel, dtype=np.float64)
    fh, fw = k.shape
    ho = conv_output_size(image.shape[0], fh, stride, padding)   # ValueError where the window does not tile
    wo = conv_output_size(image.shape[1], fw, stride, padding)
    out = np.array([[np.sum(x[i * stride:i * stride + fh, j * stride:j * stride + fw] * k)
                     for j in range(wo)] for i in range(ho)])
    if isinstance(steps, int):
        steps = [divmod(n, wo) for n in range(min(steps, ho * wo))]
    steps = list(steps)
    fig, axes = plt.subplots(len(steps), 4, figsize=(size * 4, size * len(steps)), squeeze=False)
    for row, (i, j) in enumerate(steps):
        r, c = i * stride, j * stride
        window = x[r:r + fh, c:c + fw]
        done = np.arange(ho * wo).reshape(ho, wo) <= i * wo + j
        show_matrix(x, axes[row, 0], highlight=(r, c, fh, fw), signed=False,
                    title="image" + (f" (padded by {padding})" if padding else ""))
        show_kernel(k, axes[row, 1], title="kernel")
        show_matrix(window * k, axes[row, 2], title=f"window x kernel, sum = "
                    f"{format_number(float(np.sum(window * k)))}")
        show_matrix(out, axes[row, 3], mask=done, highlight=(i, j, 1, 1), signed=False,
                    title=f"feature map, position ({i}, {j})")
    fig.tight_layout()
    return fig
