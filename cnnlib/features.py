"""What a trained CNN responds to: Gabor filters, gratings, activations, top patches (notebook 09).

    >>> from cnnlib import features
    >>> bank, params = features.gabor_bank(5)                  # (K, 5, 5) Gabor filters
    >>> idx, sim = features.match_gabor(model.conv1.weight[:, 0], bank)
    >>> acts = features.layer_activations(model, x, ["conv1", "conv2"])
    >>> patches, values, where = features.top_patches(x, acts["conv2"], unit=3, rf=(14, 2, 6.5))

Sources:

- Gabor filters as a model of the receptive fields of simple cells in the
  visual cortex: J. G. Daugman, "Uncertainty relation for resolution in space,
  spatial frequency, and orientation optimized by two-dimensional visual
  cortical filters", J. Opt. Soc. Am. A 2(7), 1985; J. P. Jones and L. A.
  Palmer, "An evaluation of the two-dimensional Gabor filter model of simple
  receptive fields in cat striate cortex", J. Neurophysiol. 58(6), 1987.
  The parametrisation below (wavelength, orientation, phase, sigma, aspect
  ratio gamma) is the usual one of that literature.
- Orientation-selective cells found with bars and edges of light: D. H. Hubel
  and T. N. Wiesel, "Receptive fields, binocular interaction and functional
  architecture in the cat's visual cortex", J. Physiol. 160, 1962.
- Top-9 input patches per unit: M. D. Zeiler and R. Fergus, "Visualizing and
  understanding convolutional networks", ECCV 2014 (figure 2).

Receptive fields are given as ``(size, jump, start)`` (the notation of
A. Araujo, W. Norris and J. Sim, "Computing receptive fields of convolutional
neural networks", Distill, 2019): unit ``(i, j)`` of a layer sees the input
square of side ``size`` centred at ``(start + i * jump, start + j * jump)``,
in pixel-index coordinates of the input (pixel 0 has centre 0).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "gabor_kernel",
    "gabor_bank",
    "match_gabor",
    "grating",
    "orientation_tuning",
    "layer_activations",
    "patch_box",
    "crop_patch",
    "top_patches",
    "plot_receptive_field_growth",
    "show_top_patches",
]


def _as_numpy(x: Any) -> np.ndarray:
    if hasattr(x, "detach"):
        x = x.detach().cpu().numpy()
    return np.asarray(x, dtype=np.float64)


def _coords(size: int) -> np.ndarray:
    if int(size) != size or size < 1:
        raise ValueError(f"size must be a positive integer, got {size!r}")
    return np.arange(size, dtype=np.float64) - (size - 1) / 2


def gabor_kernel(size: int, theta: float, wavelength: float, *, phase: float = 0.0,
                 sigma: float | None = None, gamma: float = 0.5) -> np.ndarray:
    """A Gabor filter: a plane wave under a Gaussian envelope, (size, size) float64.

        g(x, y) = exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) * cos(2 pi x' / wavelength + phase)
        x' =  x cos(theta) + y sin(theta),   y' = -x sin(theta) + y cos(theta)

    x runs along the columns (to the right), y along the rows (down), both 0
    at the centre of the kernel. ``theta`` (radians) is the direction of the
    wave: theta = 0 gives vertical stripes (an edge detector for vertical
    edges). ``wavelength`` is in pixels; ``sigma`` (pixels) defaults to
    0.56 * wavelength, a bandwidth of about one octave; ``gamma`` < 1 makes
    the envelope longer along the stripes. Daugman (1985); Jones and Palmer (1987).
    """
    if wavelength <= 0:
        raise ValueError(f"wavelength must be positive, got {wavelength}")
    sigma = 0.56 * wavelength if sigma is None else sigma
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    c = _coords(size)
    y, x = np.meshgrid(c, c, indexing="ij")
    xr = x * math.cos(theta) + y * math.sin(theta)
    yr = -x * math.sin(theta) + y * math.cos(theta)
    envelope = np.exp(-(xr ** 2 + gamma ** 2 * yr ** 2) / (2 * sigma ** 2))
    return envelope * np.cos(2 * math.pi * xr / wavelength + phase)


def gabor_bank(size: int, orientations: int = 8, wavelengths: Sequence[float] = (3.0, 5.0),
               phases: Sequence[float] = (0.0, math.pi / 2, math.pi, 3 * math.pi / 2),
               gamma: float = 0.5) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Gabor filters at evenly spaced orientations, several wavelengths and phases.

    Returns ``(bank, params)``: bank (K, size, size) float64 with
    K = orientations * len(wavelengths) * len(phases), each filter with mean 0
    and unit Euclidean norm; params[k] holds theta (radians in [0, pi)),
    wavelength and phase of filter k.
    """
    if orientations < 1:
        raise ValueError(f"orientations must be at least 1, got {orientations}")
    bank, params = [], []
    for o in range(orientations):
        theta = math.pi * o / orientations
        for lam in wavelengths:
            for ph in phases:
                g = gabor_kernel(size, theta, lam, phase=ph, gamma=gamma)
                g = g - g.mean()
                norm = float(np.linalg.norm(g))
                if norm < 1e-12:   # a filter that is flat at this size carries no pattern
                    continue
                bank.append(g / norm)
                params.append({"theta": theta, "wavelength": float(lam), "phase": float(ph)})
    return np.stack(bank), params


def match_gabor(filters: Any, bank: Any) -> tuple[np.ndarray, np.ndarray]:
    """The best-matching filter of ``bank`` for each of ``filters``.

    filters (K, F, F) and bank (M, F, F), arrays or tensors. Both are compared
    after removing their means, by cosine similarity (1: the same pattern up
    to scale; 0: unrelated). Returns (index (K,) int64, similarity (K,) float64).
    """
    f = _as_numpy(filters)
    b = _as_numpy(bank)
    if f.ndim != 3 or b.ndim != 3 or f.shape[1:] != b.shape[1:]:
        raise ValueError(f"filters (K, F, F) and bank (M, F, F) must have the same F, "
                         f"got {f.shape} and {b.shape}")
    f = f.reshape(len(f), -1)
    b = b.reshape(len(b), -1)
    f = f - f.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    f = f / np.maximum(np.linalg.norm(f, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    sim = f @ b.T
    idx = sim.argmax(axis=1)
    return idx.astype(np.int64), sim[np.arange(len(f)), idx]


def grating(size: int, theta: float, wavelength: float, phase: float = 0.0) -> np.ndarray:
    """A sinusoidal grating cos(2 pi x' / wavelength + phase), (size, size) float64.

    x' = x cos(theta) + y sin(theta) as in :func:`gabor_kernel`: theta = 0
    gives vertical stripes. The stimulus of orientation-tuning experiments
    (a smooth version of Hubel and Wiesel's bars of light).
    """
    c = _coords(size)
    y, x = np.meshgrid(c, c, indexing="ij")
    return np.cos(2 * math.pi * (x * math.cos(theta) + y * math.sin(theta)) / wavelength + phase)


def orientation_tuning(filters: Any, thetas: Sequence[float], wavelength: float,
                       phases: int = 8) -> np.ndarray:
    """Each filter's response to gratings of each orientation: (K, len(thetas)) float64.

    The response of filter k to orientation theta is the largest rectified
    dot product max(0, sum(filter * grating)) over ``phases`` evenly spaced
    phases: what a simple cell followed by a ReLU gives for the best-aligned
    position of a drifting grating. filters (K, F, F), array or tensor.
    """
    f = _as_numpy(filters)
    if f.ndim != 3 or f.shape[1] != f.shape[2]:
        raise ValueError(f"filters must be (K, F, F), got {f.shape}")
    size = f.shape[1]
    out = np.zeros((len(f), len(thetas)))
    for t, theta in enumerate(thetas):
        g = np.stack([grating(size, theta, wavelength, 2 * math.pi * p / phases)
                      for p in range(phases)])                    # (P, F, F)
        resp = np.einsum("kij,pij->kp", f, g)
        out[:, t] = np.maximum(resp, 0).max(axis=1)
    return out


def layer_activations(model, x, names: Sequence[str]) -> dict[str, Any]:
    """{name: output tensor} of the named submodules of ``model`` for input ``x``.

    Runs ``model(x)`` once in eval mode without gradients, recording outputs
    with forward hooks, which are removed afterwards (also on errors); the
    model's training mode is restored. Names are those of
    ``model.named_modules()`` (e.g. "conv1", "features.0"). Raises KeyError
    for a name the model does not have.
    """
    import torch

    modules = dict(model.named_modules())
    missing = [n for n in names if n not in modules]
    if missing:
        raise KeyError(f"the model has no submodule named {missing}; it has {list(modules)[1:]}")
    out: dict[str, Any] = {}
    handles = [modules[n].register_forward_hook(
        lambda _m, _i, o, n=n: out.__setitem__(n, o.detach())) for n in names]
    was_training = model.training
    try:
        model.eval()
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    return {n: out[n] for n in names}


def patch_box(i: int, j: int, rf: tuple[float, float, float]) -> tuple[int, int, int]:
    """(top, left, size) of the input square that unit (i, j) of a layer sees.

    rf = (size, jump, start): the square is centred at start + i * jump
    (rows) and start + j * jump (columns). Raises ValueError when the corner
    does not fall on a whole pixel (an rf that no stack of layers produces).
    """
    size, jump, start = rf
    size = int(round(size))
    top = start + i * jump - (size - 1) / 2
    left = start + j * jump - (size - 1) / 2
    if abs(top - round(top)) > 1e-9 or abs(left - round(left)) > 1e-9:
        raise ValueError(f"receptive field {rf} puts unit ({i}, {j})'s corner at ({top}, {left}), "
                         "not on a pixel")
    return int(round(top)), int(round(left)), size


def crop_patch(image: Any, top: int, left: int, size: int) -> np.ndarray:
    """The (C, size, size) square of image (C, H, W) at (top, left), zero outside the image."""
    img = _as_numpy(image)
    if img.ndim != 3:
        raise ValueError(f"image must be (C, H, W), got {img.shape}")
    c, h, w = img.shape
    out = np.zeros((c, size, size))
    r0, r1 = max(top, 0), min(top + size, h)
    c0, c1 = max(left, 0), min(left + size, w)
    if r0 < r1 and c0 < c1:
        out[:, r0 - top:r1 - top, c0 - left:c1 - left] = img[:, r0:r1, c0:c1]
    return out


def top_patches(images: Any, acts: Any, unit: int, rf: tuple[float, float, float],
                k: int = 9) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` input patches that excite channel ``unit`` of a layer most (Zeiler and Fergus, 2014).

    images (N, C, H, W) and that layer's activations acts (N, K, Ho, Wo),
    arrays or tensors; rf = (size, jump, start) the layer's receptive field.
    For each image the strongest position of the channel is taken; the k
    images with the strongest activation win (k distinct images, ties broken
    by the lower image index). Returns patches (k, C, size, size) float64
    (zero where the field leaves the image), values (k,) in decreasing order,
    and where (k, 3) int64 rows (image, i, j).
    """
    x = _as_numpy(images)
    a = _as_numpy(acts)
    if x.ndim != 4 or a.ndim != 4 or len(x) != len(a):
        raise ValueError(f"images (N, C, H, W) and acts (N, K, Ho, Wo) must share N, "
                         f"got {x.shape} and {a.shape}")
    if not 0 <= unit < a.shape[1]:
        raise ValueError(f"unit must be in [0, {a.shape[1]}), got {unit}")
    chan = a[:, unit].reshape(len(a), -1)
    best_pos = chan.argmax(axis=1)
    best_val = chan[np.arange(len(a)), best_pos]
    order = np.argsort(-best_val, kind="stable")[:k]
    wo = a.shape[3]
    where = np.array([[n, best_pos[n] // wo, best_pos[n] % wo] for n in order], dtype=np.int64)
    patches = np.stack([crop_patch(x[n], *patch_box(i, j, rf)) for n, i, j in where])
    return patches, best_val[order], where


def plot_receptive_field_growth(fields: dict[str, Sequence[tuple[float, float, float]]],
                                layer_names: dict[str, Sequence[str]] | None = None,
                                ax: plt.Axes | None = None) -> plt.Figure:
    """Receptive field size against depth, one line per network.

    fields: {network name: [(size, jump, start), ... one per layer]};
    layer_names: optional {network name: [layer name, ...]} written at the
    points. The y axis is logarithmic: stride makes fields grow geometrically.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 4))
    else:
        fig = ax.figure
    for name, rfs in fields.items():
        depth = np.arange(1, len(rfs) + 1)
        sizes = [r[0] for r in rfs]
        ax.plot(depth, sizes, marker="o", label=name)
        for d, s, lab in zip(depth, sizes, (layer_names or {}).get(name, [""] * len(rfs)), strict=False):
            if lab:
                ax.annotate(lab, (d, s), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set_yscale("log")
    ax.set_xlabel("layer (depth)")
    ax.set_ylabel("receptive field size (pixels)")
    ax.set_title("receptive field size grows with depth")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def show_top_patches(patch_sets: dict[str, Any], *, size: float = 0.9,
                     suptitle: str | None = None) -> plt.Figure:
    """One row per unit: its top patches (k, C, s, s) side by side, grey, each on its own scale.

    patch_sets: {row label: patches (k, 1, s, s) or (k, s, s)}; rows may
    have different patch sizes. Returns the Figure.
    """
    rows = list(patch_sets.items())
    ncols = max(len(_as_numpy(p)) for _, p in rows)
    fig, axes = plt.subplots(len(rows), ncols, figsize=(size * ncols + 1.2, size * len(rows) + 0.4),
                             squeeze=False)
    for r, (label, patches) in enumerate(rows):
        p = _as_numpy(patches)
        if p.ndim == 4:
            p = p[:, 0]
        for c in range(ncols):
            ax = axes[r, c]
            ax.set_xticks([])
            ax.set_yticks([])
            if c < len(p):
                hi = float(p[c].max()) or 1.0
                ax.imshow(p[c], cmap="gray", vmin=0.0, vmax=max(hi, 1e-12), interpolation="nearest")
            else:
                ax.axis("off")
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
