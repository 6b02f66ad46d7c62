"""benchmarks/bench_lenet.py: notebook 07's training, stopped on validation data (the quick run)."""

from __future__ import annotations

import re

from benchmarks import bench_lenet


def test_quick_run_stops_on_validation_and_reports_the_test_accuracy_once():
    text = bench_lenet.run(quick=True)
    assert text.startswith("### LeNet-5: time to 97.5% validation accuracy")
    assert "500 training images are held out for validation" in text
    assert "the test set plays no part in stopping" in text
    row = re.search(r"\| cpu \| 0 \| 1 \| ([\d.]+)% \| ([\d.]+)% \| [\d.]+ \| 1 \| ([\d.]+)% \| ([\d.]+)% \| [\d.]+ \| [\d.]+ \|",
                    text)
    assert row, text
    # seeds repeat exactly: both arms see the same validation and test accuracy
    assert row.group(1) == row.group(3) and row.group(2) == row.group(4)
    assert all(0 <= float(v) <= 100 for v in row.groups())
