"""benchmarks/bench_conv.py: it runs the solution notebook's own conv code and reports ratios."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import bench_conv


def test_load_solution_returns_the_notebooks_functions():
    torch = pytest.importorskip("torch")
    fns = bench_conv.load_solution()
    assert set(fns) == {"conv_forward_naive", "conv_forward_fast"}
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 3, 5, 7)), rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    ref = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b),
                                     stride=2, padding=1).numpy()
    for fn in fns.values():
        np.testing.assert_allclose(fn(x, w, b, 2, 1), ref, rtol=1e-10, atol=1e-12)


def test_load_solution_names_what_is_missing(tmp_path):
    nb = tmp_path / "nb.ipynb"
    nb.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    with pytest.raises(RuntimeError, match="conv_forward_fast"):
        bench_conv.load_solution(nb)


def test_median_time_warms_up_then_takes_the_median():
    calls = []
    t = bench_conv.median_time(lambda: calls.append(1), repeats=3)
    assert len(calls) == 4 and t >= 0


def test_quick_run_reports_times_and_ratios():
    pytest.importorskip("torch")
    text = bench_conv.run(quick=True)
    assert text.startswith("### Convolution")
    assert "| quick: x (2, 3, 9, 9), w (4, 3, 3, 3), stride 2, pad 1 |" in text
    assert "fast speed-up over naive [>= 50x]" in text
    assert "cnnlib forward / torch forward [<= 1.5x]" in text and "[<= 2x]" in text
    # errors against torch stay at rounding level
    row = next(line for line in text.splitlines() if line.startswith("| quick: x"))
    assert float(row.rstrip(" |").rsplit("|", 1)[1]) < 1e-9


def test_paired_times_alternates_the_two_calls():
    order = []
    ta, tb = bench_conv.paired_times(lambda: order.append("cnnlib"), lambda: order.append("torch"), repeats=3)
    assert order == ["cnnlib", "torch"] * 4   # a warm-up of each, then three turns
    assert ta >= 0 and tb >= 0

