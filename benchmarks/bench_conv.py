"""Convolution speed: the naive and vectorized layers of notebook 02, cnnlib.layers and PyTorch.

`python -m benchmarks conv` times, on the CPU in float64 and on the same inputs:

- ``conv_forward_naive`` and ``conv_forward_fast`` as written in the solution
  notebook solutions/02_conv_layer.ipynb (its solution cells are executed, not copied);
- ``cnnlib.layers.conv_forward`` and ``conv_backward``;
- ``torch.nn.functional.conv2d`` forward and backward (autograd).

Each time is the median of several runs after a warm-up. NumPy's BLAS and PyTorch
both run with one thread, so that the ratios compare the implementations and not how
many idle cores a shared machine had at that moment. cnnlib's and torch's calls
alternate (one of each per repeat), so that a change in the machine's load while the
benchmark runs weighs on both sides of a ratio alike. Targets: the fast forward at
least 50x the naive one; cnnlib's forward within 1.5x of torch's and its backward
within 2x (issue 23, item 7).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "solutions" / "02_conv_layer.ipynb"

# (name, x shape, w shape, stride, pad)
SHAPES = [
    ("issue shape", (100, 3, 31, 31), (25, 3, 3, 3), 2, 1),
    ("larger", (8, 16, 48, 48), (32, 16, 3, 3), 1, 1),
]
QUICK_SHAPES = [("quick", (2, 3, 9, 9), (4, 3, 3, 3), 2, 1)]

TARGETS = {"fast_vs_naive": 50.0, "forward_vs_torch": 1.5, "backward_vs_torch": 2.0}


def load_solution(path: Path = SOLUTION, names: tuple[str, ...] = ("conv_forward_naive",
                                                                   "conv_forward_fast")) -> dict[str, Callable]:
    """Execute the nbgrader solution cells of notebook 02 and return the named functions.

    The cells run in order in one namespace that holds what the notebook's setup
    cell imports for them (``np``, ``sliding_window_view``).
    """
    from numpy.lib.stride_tricks import sliding_window_view

    nb = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"__name__": "solution_02", "np": np,
                                 "sliding_window_view": sliding_window_view}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            source = "".join(cell["source"])
            exec(compile(source, f"{path.name}[{meta['grade_id']}]", "exec"), namespace)
    missing = [n for n in names if n not in namespace]
    if missing:
        raise RuntimeError(f"{path} defines no {', '.join(missing)} in its solution cells")
    return {n: namespace[n] for n in names}


def median_time(fn: Callable[[], Any], repeats: int, warmup: Callable[[], Any] | None = None) -> float:
    """Median wall-clock seconds of ``fn()`` over ``repeats`` runs, after one warm-up call."""
    (warmup or fn)()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def paired_times(fn_a: Callable[[], Any], fn_b: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Median wall-clock seconds of ``fn_a()`` and of ``fn_b()``, called in turn, after one warm-up each.

    Alternating the two keeps a load that changes during the run from favouring either side.
    """
    fn_a()
    fn_b()
    times_a, times_b = [], []
    for _ in range(repeats):
        for fn, times in ((fn_a, times_a), (fn_b, times_b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return float(np.median(times_a)), float(np.median(times_b))


@contextlib.contextmanager
def single_thread():
    """One thread for NumPy's BLAS (via threadpoolctl when installed) and for PyTorch."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits
        limiter = threadpool_limits(limits=1)
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn (mlxtend)
        limiter = contextlib.nullcontext()
    try:
        with limiter:
            yield
    finally:
        torch.set_num_threads(before)


def _rel(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)))


def measure(x_shape, w_shape, stride, pad, repeats: int, naive_repeats: int,
            fns: dict[str, Callable]) -> dict[str, float]:
    """Seconds per call for every implementation on one shape, and their errors against torch."""
    import torch
    import torch.nn.functional as TF

    from cnnlib import layers

    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    naive, fast = fns["conv_forward_naive"], fns["conv_forward_fast"]

    xt = torch.from_numpy(x).requires_grad_(True)
    wt = torch.from_numpy(w).requires_grad_(True)
    bt = torch.from_numpy(b).requires_grad_(True)
    out_t = TF.conv2d(xt, wt, bt, stride=stride, padding=pad)
    dout = rng.standard_normal(tuple(out_t.shape))
    dout_t = torch.from_numpy(dout)
    ref = out_t.detach().numpy()
    ref_grads = [g.numpy() for g in torch.autograd.grad(out_t, (xt, wt, bt), dout_t, retain_graph=True)]

    def torch_forward():
        with torch.no_grad():
            return TF.conv2d(xt, wt, bt, stride=stride, padding=pad)

    def torch_backward():
        return torch.autograd.grad(out_t, (xt, wt, bt), dout_t, retain_graph=True)

    result = {
        # the naive loop is warmed up on one image: a full warm-up run would double its cost
        "naive": median_time(lambda: naive(x, w, b, stride, pad), naive_repeats,
                             warmup=lambda: naive(x[:1], w, b, stride, pad)),
        "fast": median_time(lambda: fast(x, w, b, stride, pad), repeats),
    }
    result["cnnlib_forward"], result["torch_forward"] = paired_times(
        lambda: layers.conv_forward(x, w, b, stride, pad), torch_forward, repeats)
    result["cnnlib_backward"], result["torch_backward"] = paired_times(
        lambda: layers.conv_backward(dout, x, w, b, stride, pad), torch_backward, repeats)
    grads = layers.conv_backward(dout, x, w, b, stride, pad)
    result["error"] = max(
        _rel(naive(x[:2], w, b, stride, pad), ref[:2]),
        _rel(fast(x, w, b, stride, pad), ref),
        _rel(layers.conv_forward(x, w, b, stride, pad), ref),
        *(_rel(g, r) for g, r in zip(grads, ref_grads, strict=True)),
    )
    return result


def _ms(t: float) -> str:
    return f"{t * 1e3:,.2f}"


def run(quick: bool = False) -> str:
    """Time every implementation on each shape; return the Markdown section for RESULTS.md."""
    import os

    import torch

    fns = load_solution()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    shapes = QUICK_SHAPES if quick else SHAPES
    repeats, naive_repeats = (1, 1) if quick else (15, 3)
    rows = []
    with single_thread():
        for name, xs, ws, s, p in shapes:
            rows.append((name, xs, ws, s, p, measure(xs, ws, s, p, repeats, naive_repeats, fns)))

    lines = [
        "### Convolution: naive, vectorized, cnnlib.layers and PyTorch (CPU)",
        "",
        f"float64 on the CPU, one thread for NumPy's BLAS and for PyTorch {torch.__version__}. "
        f"Each time is the median of {repeats} runs after a warm-up ({naive_repeats} for the naive "
        "loop, warmed up on one image). `naive` and `fast` are `conv_forward_naive` and "
        "`conv_forward_fast` from solutions/02_conv_layer.ipynb; `cnnlib` is `cnnlib.layers`; "
        "`torch` is `torch.nn.functional.conv2d` and its autograd backward; cnnlib's and torch's "
        f"calls alternate. Load average (1 minute) at the start: {load:.1f} on {os.cpu_count()} cores "
        "(a shared machine: absolute times are inflated, the ratios compare like with like).",
        "",
        "Milliseconds per call:",
        "",
        "| shape | naive | fast | cnnlib forward | cnnlib backward | torch forward | torch backward "
        "| max rel. error vs torch |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, xs, ws, s, p, r in rows:
        lines.append(
            f"| {name}: x {xs}, w {ws}, stride {s}, pad {p} | {_ms(r['naive'])} | {_ms(r['fast'])} "
            f"| {_ms(r['cnnlib_forward'])} | {_ms(r['cnnlib_backward'])} | {_ms(r['torch_forward'])} "
            f"| {_ms(r['torch_backward'])} | {r['error']:.1e} |")
    lines += [
        "",
        "Ratios from the same run (targets in brackets):",
        "",
        f"| shape | fast speed-up over naive [>= {TARGETS['fast_vs_naive']:g}x] "
        f"| cnnlib forward / torch forward [<= {TARGETS['forward_vs_torch']:g}x] "
        f"| cnnlib backward / torch backward [<= {TARGETS['backward_vs_torch']:g}x] |",
        "|---|---:|---:|---:|",
    ]
    for name, _, _, _, _, r in rows:
        speedup = r["naive"] / r["fast"]
        fwd = r["cnnlib_forward"] / r["torch_forward"]
        bwd = r["cnnlib_backward"] / r["torch_backward"]
        marks = [speedup >= TARGETS["fast_vs_naive"], fwd <= TARGETS["forward_vs_torch"],
                 bwd <= TARGETS["backward_vs_torch"]]
        cells = [f"{speedup:,.0f}x", f"{fwd:.2f}x", f"{bwd:.2f}x"]
        lines.append(f"| {name} | " + " | ".join(
            f"{c} {'(met)' if ok else '(MISSED)'}" for c, ok in zip(cells, marks, strict=True)) + " |")
    return "\n".join(lines) + "\n"
