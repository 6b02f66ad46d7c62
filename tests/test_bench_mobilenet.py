"""benchmarks/bench_mobilenet.py: it trains the solution notebook's own depthwise_separable.

The measurement takes minutes; here only the namespace and the quick run (600 images, one
epoch) are checked. `python -m benchmarks mobilenet` writes the real numbers to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import re

import torch

from benchmarks import bench_mobilenet as bench


def test_namespace_holds_the_solution_cell_of_notebook_12():
    block = bench.solution_namespace()["depthwise_separable"](4, 8, 2)
    assert [type(m).__name__ for m in block] == ["Conv2d", "BatchNorm2d", "ReLU", "Conv2d", "BatchNorm2d", "ReLU"]
    assert block[0].groups == 4
    assert block(torch.zeros(1, 4, 7, 7)).shape == (1, 8, 4, 4)


def test_quick_run_reports_both_networks_and_their_ratios():
    text = bench.run(quick=True)
    assert text.startswith("### ")
    rows = [line for line in text.splitlines() if line.startswith(("| standard", "| MobileNet-style"))]
    assert len(rows) == 2
    params = []
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert re.fullmatch(r"\d+\.\d\d%", cells[1])
        params.append(int(cells[2].replace(",", "")))
    assert params[1] < params[0] / 5          # the separable network is far smaller
    assert re.search(r"MobileNet-style / standard: 0\.\d\d x the parameters", text)
    assert "quick run" in text
