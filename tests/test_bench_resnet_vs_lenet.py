"""benchmarks/bench_resnet_vs_lenet.py: it trains the solution notebooks' own models.

The full measurement takes minutes; here only the quick run (600 images, one
epoch) and the namespace are checked. `python -m benchmarks resnet_vs_lenet`
writes the real numbers to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import re

import torch

from benchmarks import bench_resnet_vs_lenet as bench
from cnnlib import models


def test_namespace_holds_the_solution_cells_of_notebooks_07_and_10():
    ns = bench.solution_namespace()
    lenet = ns["LeNet5"]()
    assert sum(p.numel() for p in lenet.parameters()) == 61_706
    resnet = models.SmallResNet(ns["BasicBlock"])
    assert sum(p.numel() for p in resnet.parameters()) == 77_754
    assert resnet(torch.zeros(2, 1, 32, 32)).shape == (2, 10)


def test_quick_run_reports_both_models_on_one_split():
    text = bench.run(quick=True)
    assert text.startswith("### ")
    rows = [line for line in text.splitlines() if line.startswith("| LeNet-5") or line.startswith("| small ResNet")]
    assert len(rows) == 2
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[3] == "1"                                   # one epoch in a quick run
        assert re.fullmatch(r"\d+\.\d\d%", cells[6])             # a test accuracy
    assert "quick run" in text
    assert re.search(r"The small ResNet (beats|does not beat) LeNet-5 on the test set \(\d+\.\d\d% against", text)
