"""benchmarks/bench_transfer_digits.py: the transfer experiment of notebook 11 over seeds.

The measurement takes many minutes; here only the quick run (3 steps, one seed) is checked.
`python -m benchmarks transfer_digits` writes the real numbers to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import re

from benchmarks import bench_transfer_digits as bench
from cnnlib import transfer


def test_prepare_transfer_is_the_solution_cell():
    model = bench.prepare_transfer()(transfer.pretrained_digits(), 3, train_layers=("layer4",))
    assert model.fc.out_features == 3
    assert {n.split(".")[0] for n, p in model.named_parameters() if p.requires_grad} == {"layer4", "fc"}


def test_quick_run_reports_every_arm():
    text = bench.run(quick=True)
    assert text.startswith("### ")
    for arm in transfer.ARMS:
        row = next(line for line in text.splitlines() if line.startswith(f"| {arm} |"))
        assert re.fullmatch(r"\| .+ \| \d+\.\d% \|", row), row
    assert "quick run" in text
