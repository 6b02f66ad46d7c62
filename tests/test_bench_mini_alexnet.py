"""benchmarks/bench_mini_alexnet.py: notebook 08's CPU training, measured (the quick run)."""

from __future__ import annotations

import re

from benchmarks import bench_mini_alexnet


def test_quick_run_reports_accuracy_and_images_per_second_for_both_networks():
    text = bench_mini_alexnet.run(quick=True)
    assert text.startswith("### MiniAlexNet on a CPU")
    mini = re.search(r"\| MiniAlexNet \| 810,698 \| 3x32x32 \| ([\d.]+)% after 1 epoch\(s\), \d+ s "
                     r"\(weights of epoch 1\) \| ([\d,]+) \|", text)
    big = re.search(r"\| AlexNet \(full size, one timed step of 8\) \| 58,322,314 \| 3x227x227 \| .* \| ([\d,.]+) \|", text)
    assert mini and big, text
    assert 0 <= float(mini.group(1)) <= 100
    assert float(mini.group(2).replace(",", "")) > float(big.group(1).replace(",", "")) > 0
    assert "quick run" in text and "train_step" in text
    assert "Validation accuracy after each epoch" in text and "the test set was used once" in text
