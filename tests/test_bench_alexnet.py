"""benchmarks/bench_alexnet.py: it runs notebook 08's own code and reports honestly.

The measurement itself is slow (AlexNet on a CPU), so it is not run here;
`python -m benchmarks alexnet --quick` is the smoke run.
"""

from __future__ import annotations

import torch

from benchmarks import bench_alexnet


def test_namespace_comes_from_the_solution_notebook():
    ns = bench_alexnet.notebook_namespace()
    assert {"AlexNet", "feature_shapes", "train_step"} <= set(ns)
    with torch.device("meta"):
        model = ns["AlexNet"](num_classes=1000)
    assert sum(p.numel() for p in model.parameters()) == 62_378_344
    assert ns["AlexNet"].__module__ == "notebook08"


def _fake(cuda: bool, plain: float, notebook: float):
    return {"device": "Fake GPU" if cuda else "CPU", "cuda": cuda, "batch": 128, "warmup": 1,
            "repeats": 3, "steps_per_repeat": 1, "threads": 2, "plain": plain,
            "notebook": notebook, "plain_loss": 6.9, "notebook_loss": 6.9}


def test_cpu_section_says_the_gpu_target_is_unmeasured(monkeypatch):
    monkeypatch.setattr(bench_alexnet, "measure", lambda quick=False: _fake(False, 1.0, 0.9))
    text = bench_alexnet.run(quick=True)
    assert text.startswith("### ")
    assert "No GPU was available" in text and "unmeasured" in text
    assert "1.11x" in text


def test_gpu_section_gives_a_verdict(monkeypatch):
    monkeypatch.setattr(bench_alexnet, "measure", lambda quick=False: _fake(True, 0.4, 0.1))
    assert "**met** (4.00x)" in bench_alexnet.run()
    monkeypatch.setattr(bench_alexnet, "measure", lambda quick=False: _fake(True, 0.4, 0.2))
    assert "**NOT met** (2.00x)" in bench_alexnet.run()
